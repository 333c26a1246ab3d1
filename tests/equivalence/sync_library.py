"""A library written for the sync `Session`, outside the project the catalogue is migrated in.

Its functions stay sync; the migrated catalogue hands them its session through
`AsyncSession.run_sync()` (`bridge_sync_helpers`).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from tests.equivalence.models import User


def count_users_in_city(session: Session, city: str) -> int:
    return session.query(User).filter(User.city == city).count()


def rename_city(old: str, session: Session, new: str) -> int:
    users = session.query(User).filter(User.city == old).order_by(User.id).all()
    for user in users:
        user.city = new
    session.flush()
    return len(users)


def post_titles_of(user: User, *, session: Session) -> list[str]:
    """Reads a relationship: a lazy load, which works inside `run_sync`'s greenlet."""
    assert user in session
    return [post.title for post in user.posts]
