from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def stats(db: Session):
    return db.query(func.count(User.id), func.max(User.id)).one()


def row_or_none(db: Session, user_id: int):
    return db.query(User.id, User.email).filter(User.id == user_id).one_or_none()
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def stats(db: Session):
    return db.execute(select(func.count(User.id), func.max(User.id))).one()


def row_or_none(db: Session, user_id: int):
    return db.execute(
        select(User.id, User.email).where(User.id == user_id)
    ).one_or_none()
