
from app.models import User
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession


async def create_user(db: AsyncSession, email: str) -> User:
    user = User(email=email)
    db.add(user)
    await db.commit()
    return user


async def get_user_by_email(db: AsyncSession, email: str):
    return (await db.execute(select(User).where(User.email == email))).scalar_one_or_none()
