from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def email_of(db: Session, user_id: int) -> str | None:
    return db.query(User.email).filter(User.id == user_id).scalar()


def highest_id(db: Session) -> int | None:
    return db.query(func.max(User.id)).scalar()
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def email_of(db: Session, user_id: int) -> str | None:
    return db.execute(
        select(User.email).where(User.id == user_id)
    ).scalar_one_or_none()


def highest_id(db: Session) -> int | None:
    return db.execute(select(func.max(User.id))).scalar_one_or_none()
