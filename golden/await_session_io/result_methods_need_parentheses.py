from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import User


async def list_users(db: AsyncSession) -> list[User]:
    return list(db.execute(select(User)).scalars().all())


async def first_email(db: AsyncSession) -> str:
    return db.scalars(select(User.email))[0]


async def count_rows(db: AsyncSession) -> int:
    return db.execute(select(User)).rowcount + 1
# output
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import User


async def list_users(db: AsyncSession) -> list[User]:
    return list((await db.execute(select(User))).scalars().all())


async def first_email(db: AsyncSession) -> str:
    return (await db.scalars(select(User.email)))[0]


async def count_rows(db: AsyncSession) -> int:
    return (await db.execute(select(User))).rowcount + 1
