from sqlalchemy.orm import Session

from app.models import User


def move_city(db: Session, old: str, new: str, usernames: list[str] | None = None) -> int:
    query = db.query(User).filter_by(city=old)
    if usernames:
        query = query.filter(User.username.in_(usernames))
    moved = query.update({User.city: new}, synchronize_session="fetch")
    db.commit()
    return moved
# output

from app.models import User
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession


async def move_city(db: AsyncSession, old: str, new: str, usernames: list[str] | None = None) -> int:
    query = select(User).filter_by(city=old)
    if usernames:
        query = query.where(User.username.in_(usernames))
    moved = (await db.execute(
        update(User).where(query.whereclause).values({User.city: new}).execution_options(synchronize_session="fetch")
    )).rowcount
    await db.commit()
    return moved
