from sqlalchemy import select, func

from app.models import Order, OrderLine
from sqlalchemy.ext.asyncio import AsyncSession


async def line_counts(db: AsyncSession) -> list[dict[str, int]]:
    rows = (
        (await db.execute(
            select(Order.id.label("order_id"), func.count(OrderLine.id).label("lines"))
            .outerjoin(OrderLine, OrderLine.order_id == Order.id)
            .group_by(Order.id)
        ))
        .all()
    )
    # Rows of labelled columns: `row.lines` is the count, not the relationship
    return [{"order_id": row.order_id, "lines": row.lines} for row in rows]


async def references(db: AsyncSession) -> list[str]:
    query = select(Order).with_only_columns(Order.id, Order.reference.label("order"))
    return [row.order for row in await db.execute(query)]


async def largest_order(db: AsyncSession) -> int | None:
    quantities = select(OrderLine.order_id.label("order"), OrderLine.quantity.label("lines"))
    top = (await db.execute(
        quantities.order_by(OrderLine.quantity.desc()).limit(1)
    )).first()
    return top.order if top is not None and top.lines else None
