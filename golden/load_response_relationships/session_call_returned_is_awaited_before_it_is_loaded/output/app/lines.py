from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict

from app.database import load_for_response, get_async_db
from app.models import OrderLine
from sqlalchemy.ext.asyncio import AsyncSession

router = APIRouter()


class OrderRef(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int


class LineDetail(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    order: OrderRef


@router.get("/lines/{line_id}", response_model=LineDetail)
async def read_line(line_id: int, db: AsyncSession = Depends(get_async_db)):
    return await load_for_response(db, LineDetail, await db.get(OrderLine, line_id))
