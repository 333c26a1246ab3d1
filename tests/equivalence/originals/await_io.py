"""Async functions that forgot their awaits: the original side of an equivalence run.

The reference behaviour is the same code run synchronously: the tests import it with
`async def` -> `def` and AsyncSession aliased to the sync Session.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tests.equivalence.models import Post, User


async def rename(db: AsyncSession, user_id: int, city: str) -> Any:
    user = db.get(User, user_id)
    user.city = city
    db.commit()
    db.refresh(user)
    return user


async def add_post_and_count(db: AsyncSession) -> Any:
    db.add(Post(id=10, author_id=2, title="new"))
    db.flush()
    count = db.scalar(select(func.count()).select_from(Post))
    db.commit()
    return count


async def emails_in_order(db: AsyncSession) -> Any:
    return db.execute(select(User.email).order_by(User.id)).scalars().all()


async def deactivate_city(db: AsyncSession, city: str) -> Any:
    result = db.execute(update(User).where(User.city == city).values(active=0))
    db.commit()
    return result.rowcount


async def merge_then_rollback(db: AsyncSession) -> Any:
    db.merge(User(id=2, email="bob@example.com", city="Rome", active=1))
    db.rollback()
    return db.get(User, 2)


async def delete_posts_of(db: AsyncSession, author_id: int) -> Any:
    for post in db.scalars(select(Post).where(Post.author_id == author_id)).all():
        db.delete(post)
    db.commit()
    return db.scalar(select(func.count(Post.id)))


async def get_one_missing(db: AsyncSession) -> Any:
    return db.get_one(User, 99)


async def first_rows(db: AsyncSession) -> Any:
    return [db.get(User, user_id) for user_id in (3, 1)]


CASES: list[tuple[str, tuple[Any, ...]]] = [
    ("rename", (1, "Oslo")),
    ("add_post_and_count", ()),
    ("emails_in_order", ()),
    ("deactivate_city", ("London",)),
    ("merge_then_rollback", ()),
    ("delete_posts_of", (1,)),
    ("get_one_missing", ()),
    ("first_rows", ()),
]
