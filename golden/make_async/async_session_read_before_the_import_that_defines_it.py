from __future__ import annotations

from sqlalchemy.orm import Session

from app.models import User


def get_user(db: Session, user_id: int) -> User | None:
    return db.get(User, user_id)


async def touch(db: AsyncSession, user: User) -> None:
    db.add(user)
    db.commit()
# output
from __future__ import annotations

from app.models import User
from sqlalchemy.ext.asyncio import AsyncSession


async def get_user(db: AsyncSession, user_id: int) -> User | None:
    return await db.get(User, user_id)


async def touch(db: AsyncSession, user: User) -> None:
    db.add(user)
    await db.commit()
