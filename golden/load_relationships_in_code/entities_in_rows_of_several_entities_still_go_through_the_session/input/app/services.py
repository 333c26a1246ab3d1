from sqlalchemy import func
from sqlalchemy.orm import Session

from app.models import Order, OrderLine


def line_orders(db: Session) -> list[tuple[int, int]]:
    found = []
    for row in db.query(OrderLine, Order).join(OrderLine.order).all():
        # a Row of two entities: the entities' relationships still load
        found.append((len(row.Order.lines), row.OrderLine.order.id))
    return found


def busiest(db: Session) -> list[int]:
    rows = db.query(Order, func.count(OrderLine.id).label("n")).join(Order.lines).group_by(Order.id)
    found = []
    for row in rows:
        order, n = row
        found.append(len(order.lines) - n)
    return found
