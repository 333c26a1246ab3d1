from datetime import datetime, timezone

from sqlalchemy.orm import Session

from app import crud
from app.models import Order, OrderLine, Quote, User
from app.services import pricing

ALLOWED_TRANSITIONS = {
    "pending": {"confirmed", "cancelled"},
    "confirmed": {"shipped", "cancelled"},
    "shipped": {"delivered"},
    "delivered": set(),
    "cancelled": set(),
}
BILLABLE_STATUSES = ("confirmed", "shipped", "delivered")


class OrderError(Exception):
    pass


def create_from_quote(db: Session, quote: Quote, created_by: User) -> Order:
    if quote.status != "accepted":
        raise OrderError("Only accepted quotes can be turned into orders")
    if crud.order.get_by_quote(db, quote.id) is not None:
        raise OrderError("An order already exists for this quote")
    order = Order(
        customer_id=quote.customer_id,
        quote_id=quote.id,
        created_by_id=created_by.id,
        discount_percent=quote.discount_percent,
    )
    db.add(order)
    db.flush()
    order.number = f"SO-{order.id:05d}"
    db.add_all(
        [
            OrderLine(
                order_id=order.id,
                product_id=item.product_id,
                description=item.description,
                quantity=item.quantity,
                unit_price=item.unit_price,
            )
            for item in quote.items
        ]
    )
    db.commit()
    db.refresh(order)
    return order


def add_line(db: Session, order: Order, product_id: int, quantity: int) -> OrderLine:
    if order.status != "pending":
        raise OrderError("Only pending orders can be changed")
    product, unit_price = pricing.price_for(db, product_id, quantity)
    line = OrderLine(
        order_id=order.id,
        product_id=product.id,
        description=product.name,
        quantity=quantity,
        unit_price=unit_price,
    )
    db.add(line)
    db.commit()
    db.refresh(line)
    return line


def remove_line(db: Session, order: Order, line: OrderLine) -> None:
    if order.status != "pending":
        raise OrderError("Only pending orders can be changed")
    db.delete(line)
    db.commit()


def change_status(db: Session, order: Order, new_status: str) -> Order:
    if new_status not in ALLOWED_TRANSITIONS.get(order.status, set()):
        raise OrderError(
            f"Cannot change order status from {order.status} to {new_status}"
        )
    if new_status == "confirmed" and crud.order.count_lines(db, order.id) == 0:
        raise OrderError("Cannot confirm an order without lines")
    if new_status == "cancelled" and crud.invoice.active_for_order(db, order.id):
        raise OrderError("Void the order's invoice before cancelling it")
    order.status = new_status
    if new_status == "shipped":
        order.shipped_at = datetime.now(timezone.utc)
    db.commit()
    db.refresh(order)
    return order


def order_totals(db: Session, order: Order) -> dict:
    subtotal = pricing.order_subtotal(db, order.id)
    return {
        "order_id": order.id,
        "line_count": crud.order.count_lines(db, order.id),
        **pricing.discount_and_tax(subtotal, order.discount_percent),
    }
