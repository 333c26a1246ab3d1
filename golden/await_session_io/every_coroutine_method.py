from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import User


async def touch_everything(db: AsyncSession, user: User) -> None:
    db.execute(select(User))
    db.scalar(select(User.id))
    db.scalars(select(User))
    db.get(User, 1)
    db.get_one(User, 1)
    db.refresh(user)
    db.flush()
    db.merge(user)
    db.delete(user)
    db.stream(select(User))
    db.stream_scalars(select(User))
    db.run_sync(lambda sync_session: None)
    db.connection()
    db.commit()
    db.rollback()
    db.close()
# output
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import User


async def touch_everything(db: AsyncSession, user: User) -> None:
    await db.execute(select(User))
    await db.scalar(select(User.id))
    await db.scalars(select(User))
    await db.get(User, 1)
    await db.get_one(User, 1)
    await db.refresh(user)
    await db.flush()
    await db.merge(user)
    await db.delete(user)
    await db.stream(select(User))
    await db.stream_scalars(select(User))
    await db.run_sync(lambda sync_session: None)
    await db.connection()
    await db.commit()
    await db.rollback()
    await db.close()
