from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession


# Python evaluates a generator's first iterable in the enclosing scope, where `await`
# is allowed; the element and the inner loops run later, inside the generator.
async def total_quantity(db: AsyncSession) -> int:
    return sum(item.qty for item in db.execute(select(Item)).scalars())


async def pending(db: AsyncSession, ids: list[int]):
    return (item for item in db.scalars(select(Item)) if db.get(Item, item.id))
# output
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession


# Python evaluates a generator's first iterable in the enclosing scope, where `await`
# is allowed; the element and the inner loops run later, inside the generator.
async def total_quantity(db: AsyncSession) -> int:
    return sum(item.qty for item in (await db.execute(select(Item))).scalars())


async def pending(db: AsyncSession, ids: list[int]):
    return (item for item in await db.scalars(select(Item)) if db.get(Item, item.id))
