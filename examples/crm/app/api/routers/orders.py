from fastapi import APIRouter, Depends, HTTPException, Query, Response, status
from sqlalchemy.orm import Session

from app import crud
from app.database import get_db
from app.deps import get_current_user
from app.models import Order, User
from app.pagination import paginate
from app.schemas import (
    AffectedRows,
    OrderBulkConfirm,
    OrderCreate,
    OrderDetail,
    OrderLineCreate,
    OrderLineOut,
    OrderOut,
    OrderStatusUpdate,
    OrderTotals,
    Page,
)
from app.schemas.order import OrderStatus
from app.services import orders as order_service
from app.services.pricing import PricingError

router = APIRouter(prefix="/orders", tags=["orders"])


def get_order_or_404(
    order_id: int,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
) -> Order:
    order = crud.order.get(db, order_id)
    if order is None:
        raise HTTPException(status_code=404, detail="Order not found")
    return order


@router.get("", response_model=Page[OrderOut])
def list_orders(
    customer_id: int | None = None,
    status: OrderStatus | None = None,
    page: int = Query(1, ge=1),
    size: int = Query(20, ge=1, le=100),
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    query = crud.order.list_query(db, customer_id=customer_id, status=status)
    return paginate(query, page, size)


@router.post("", response_model=OrderDetail, status_code=status.HTTP_201_CREATED)
def create_order(
    order_in: OrderCreate,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    quote = crud.quote.get(db, order_in.quote_id)
    if quote is None:
        raise HTTPException(status_code=404, detail="Quote not found")
    try:
        return order_service.create_from_quote(db, quote, current_user)
    except order_service.OrderError as exc:
        raise HTTPException(status_code=400, detail=str(exc))


@router.post("/confirm", response_model=AffectedRows)
def confirm_orders(
    payload: OrderBulkConfirm,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    return {"count": crud.order.confirm_pending(db, payload.order_ids)}


@router.get("/{order_id}", response_model=OrderDetail)
def read_order(order: Order = Depends(get_order_or_404)):
    return order


@router.get("/{order_id}/totals", response_model=OrderTotals)
def order_totals(
    order: Order = Depends(get_order_or_404),
    db: Session = Depends(get_db),
):
    return order_service.order_totals(db, order)


@router.post("/{order_id}/status", response_model=OrderOut)
def change_order_status(
    payload: OrderStatusUpdate,
    order: Order = Depends(get_order_or_404),
    db: Session = Depends(get_db),
):
    try:
        return order_service.change_status(db, order, payload.status)
    except order_service.OrderError as exc:
        raise HTTPException(status_code=400, detail=str(exc))


@router.post(
    "/{order_id}/lines",
    response_model=OrderLineOut,
    status_code=status.HTTP_201_CREATED,
)
def add_order_line(
    line_in: OrderLineCreate,
    order: Order = Depends(get_order_or_404),
    db: Session = Depends(get_db),
):
    try:
        return order_service.add_line(db, order, line_in.product_id, line_in.quantity)
    except (PricingError, order_service.OrderError) as exc:
        raise HTTPException(status_code=400, detail=str(exc))


@router.delete("/{order_id}/lines/{line_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_order_line(
    line_id: int,
    order: Order = Depends(get_order_or_404),
    db: Session = Depends(get_db),
):
    line = crud.order.get_line(db, order.id, line_id)
    if line is None:
        raise HTTPException(status_code=404, detail="Order line not found")
    try:
        order_service.remove_line(db, order, line)
    except order_service.OrderError as exc:
        raise HTTPException(status_code=400, detail=str(exc))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
