from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def the_user(db: Session, user_id: int) -> User:
    return db.query(User).filter(User.id == user_id).one()


def maybe_user(db: Session, email: str) -> User | None:
    return db.query(User).filter(User.email == email).one_or_none()
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def the_user(db: Session, user_id: int) -> User:
    return db.execute(select(User).where(User.id == user_id)).scalar_one()


def maybe_user(db: Session, email: str) -> User | None:
    return db.execute(select(User).where(User.email == email)).scalar_one_or_none()
