from sqlalchemy import func
from sqlalchemy.orm import Session

from app.models import Order, OrderLine


def line_counts(db: Session) -> list[dict[str, int]]:
    rows = (
        db.query(Order.id.label("order_id"), func.count(OrderLine.id).label("lines"))
        .outerjoin(OrderLine, OrderLine.order_id == Order.id)
        .group_by(Order.id)
        .all()
    )
    # Rows of labelled columns: `row.lines` is the count, not the relationship
    return [{"order_id": row.order_id, "lines": row.lines} for row in rows]


def references(db: Session) -> list[str]:
    query = db.query(Order).with_entities(Order.id, Order.reference.label("order"))
    return [row.order for row in query]


def largest_order(db: Session) -> int | None:
    quantities = db.query(OrderLine.order_id.label("order"), OrderLine.quantity.label("lines"))
    top = quantities.order_by(OrderLine.quantity.desc()).first()
    return top.order if top is not None and top.lines else None
