from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def get_in_city(db: Session, user_id: int, city: str) -> User | None:
    return db.query(User).filter(and_(User.city == city, User.id == user_id)).first()


def get_named(db: Session, user_id: int, name: str) -> User | None:
    return db.query(User).filter((User.id == user_id) & (User.city == name)).first()
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def get_in_city(db: Session, user_id: int, city: str) -> User | None:
    return db.execute(
        select(User).where(and_(User.city == city, User.id == user_id))
    ).scalar_one_or_none()


def get_named(db: Session, user_id: int, name: str) -> User | None:
    return db.execute(
        select(User).where((User.id == user_id) & (User.city == name))
    ).scalar_one_or_none()
