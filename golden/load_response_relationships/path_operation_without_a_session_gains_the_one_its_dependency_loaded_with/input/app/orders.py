from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from app.database import get_db
from app.models import Order

router = APIRouter()


class LineOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int


class OrderDetail(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    number: str
    lines: list[LineOut] = []


def get_order_or_404(order_id: int, db: Session = Depends(get_db)) -> Order:
    order = db.get(Order, order_id)
    if order is None:
        raise HTTPException(status_code=404, detail="Order not found")
    return order


# No session of its own: FastAPI serialises `order.lines` after it returns.
@router.get("/orders/{order_id}", response_model=OrderDetail)
def read_order(order: Order = Depends(get_order_or_404)):
    return order


@router.get("/orders/{order_id}/copy", response_model=OrderDetail)
def read_order_copy(*, order: Order = Depends(get_order_or_404), note: str = ""):
    return order


# Its first dependency is not a session provider: the loader still goes beside get_db.
@router.post("/orders/{order_id}/renumber", response_model=OrderDetail)
def renumber(
    number: str,
    order: Order = Depends(get_order_or_404),
    db: Session = Depends(get_db),
):
    order.number = number
    db.commit()
    return order
