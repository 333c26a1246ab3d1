from sqlalchemy.ext.asyncio import AsyncSession


async def save(db: AsyncSession) -> None:
    db.commit()
# output
from sqlalchemy.ext.asyncio import AsyncSession


async def save(db: AsyncSession) -> None:
    await db.commit()
