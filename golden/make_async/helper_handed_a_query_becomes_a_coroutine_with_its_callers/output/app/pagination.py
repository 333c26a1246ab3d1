from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession


async def paginate(
    db: AsyncSession,
    query: Select,
    page: int,
    size: int,
):
    return {"total": (await db.execute(select(func.count()).select_from(query.subquery()))).scalar_one(), "items": (await db.execute(query.offset(page * size).limit(size))).scalars().all()}
