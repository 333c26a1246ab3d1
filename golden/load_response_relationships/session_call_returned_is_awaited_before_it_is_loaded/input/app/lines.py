from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from app.database import get_db
from app.models import OrderLine

router = APIRouter()


class OrderRef(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int


class LineDetail(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    order: OrderRef


@router.get("/lines/{line_id}", response_model=LineDetail)
def read_line(line_id: int, db: Session = Depends(get_db)):
    return db.get(OrderLine, line_id)
