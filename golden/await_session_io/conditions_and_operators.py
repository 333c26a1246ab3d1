from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession


async def ensure_user(db: AsyncSession, user_id: int) -> bool:
    if db.get(User, user_id) is None:
        return False
    total = db.scalar(select(func.count(User.id))) or 0
    return not db.scalar(select(User.banned).where(User.id == user_id)) and total > 0
# output
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession


async def ensure_user(db: AsyncSession, user_id: int) -> bool:
    if await db.get(User, user_id) is None:
        return False
    total = await db.scalar(select(func.count(User.id))) or 0
    return not await db.scalar(select(User.banned).where(User.id == user_id)) and total > 0
