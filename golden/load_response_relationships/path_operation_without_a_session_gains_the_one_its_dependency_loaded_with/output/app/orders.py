from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, ConfigDict

from app.database import load_for_response, get_async_db
from app.models import Order
from sqlalchemy.ext.asyncio import AsyncSession

router = APIRouter()


class LineOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int


class OrderDetail(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    number: str
    lines: list[LineOut] = []


async def get_order_or_404(order_id: int, db: AsyncSession = Depends(get_async_db)) -> Order:
    order = await db.get(Order, order_id)
    if order is None:
        raise HTTPException(status_code=404, detail="Order not found")
    return order


# No session of its own: FastAPI serialises `order.lines` after it returns.
@router.get("/orders/{order_id}", response_model=OrderDetail)
async def read_order(order: Order = Depends(get_order_or_404), db: AsyncSession = Depends(get_async_db)):
    return await load_for_response(db, OrderDetail, order)


@router.get("/orders/{order_id}/copy", response_model=OrderDetail)
async def read_order_copy(*, order: Order = Depends(get_order_or_404), note: str = "", db: AsyncSession = Depends(get_async_db)):
    return await load_for_response(db, OrderDetail, order)


# Its first dependency is not a session provider: the loader still goes beside get_db.
@router.post("/orders/{order_id}/renumber", response_model=OrderDetail)
async def renumber(
    number: str,
    order: Order = Depends(get_order_or_404),
    db: AsyncSession = Depends(get_async_db),
):
    order.number = number
    await db.commit()
    return await load_for_response(db, OrderDetail, order)
