from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def select(items):
    return items[0]


sa_select = select


def first_user(db: Session) -> User | None:
    return db.query(User).order_by(User.id).first()
