from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def oldest(db: Session) -> User:
    return db.query(User).order_by(User.id)[0]


def second_page(db: Session) -> list[User]:
    return db.query(User).order_by(User.id)[10:20]
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def oldest(db: Session) -> User:
    return db.execute(select(User).order_by(User.id).slice(0, 1)).scalars().all()[0]


def second_page(db: Session) -> list[User]:
    return db.execute(select(User).order_by(User.id).slice(10, 20)).scalars().all()
