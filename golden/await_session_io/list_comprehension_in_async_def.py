from sqlalchemy.ext.asyncio import AsyncSession


async def load_all(db: AsyncSession, ids: list[int]) -> list[User]:
    return [db.get(User, user_id) for user_id in ids]
# output
from sqlalchemy.ext.asyncio import AsyncSession


async def load_all(db: AsyncSession, ids: list[int]) -> list[User]:
    return [await db.get(User, user_id) for user_id in ids]
