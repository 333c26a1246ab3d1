from sqlalchemy.ext.asyncio import AsyncSession


async def get_user(db: AsyncSession, user_id: int) -> User | None:
    return db.get(User, user_id)


async def stream_users(db: AsyncSession):
    yield db.scalars(select(User))
# output
from sqlalchemy.ext.asyncio import AsyncSession


async def get_user(db: AsyncSession, user_id: int) -> User | None:
    return await db.get(User, user_id)


async def stream_users(db: AsyncSession):
    yield await db.scalars(select(User))
