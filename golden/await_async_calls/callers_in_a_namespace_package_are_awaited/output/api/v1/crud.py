
from api.v1.models import User
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession


async def get_user(db: AsyncSession, user_id: int):
    return (await db.execute(select(User).where(User.id == user_id))).scalar_one_or_none()
