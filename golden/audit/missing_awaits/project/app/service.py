import asyncio

from sqlalchemy.ext.asyncio import AsyncSession

from app.models import User


async def rename(db: AsyncSession, user: User, city: str) -> None:
    user.city = city
    db.commit()  # expect: SQA004
    await db.refresh(user)


async def both(db: AsyncSession) -> None:
    await asyncio.gather(db.commit())
    schedule(db.flush())  # expect: SQA004


def schedule(coroutine) -> None:
    asyncio.ensure_future(coroutine)
