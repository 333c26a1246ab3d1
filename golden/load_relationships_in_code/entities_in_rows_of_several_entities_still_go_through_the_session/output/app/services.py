from sqlalchemy import select, func

from app.models import Order, OrderLine
from sqlalchemy.ext.asyncio import AsyncSession


async def line_orders(db: AsyncSession) -> list[tuple[int, int]]:
    found = []
    for row in (await db.execute(select(OrderLine, Order).join(OrderLine.order))).unique().all():
        # a Row of two entities: the entities' relationships still load
        found.append((len((await db.run_sync(lambda _: row.Order.lines))), (await db.run_sync(lambda _: row.OrderLine.order)).id))
    return found


async def busiest(db: AsyncSession) -> list[int]:
    rows = select(Order, func.count(OrderLine.id).label("n")).join(Order.lines).group_by(Order.id)
    found = []
    for row in (await db.execute(rows)).unique():
        order, n = row
        found.append(len((await db.run_sync(lambda _: order.lines))) - n)
    return found
