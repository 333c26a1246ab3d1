from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def first_in_city(db: Session, city: str) -> User | None:
    return db.query(User).filter(User.city == city).order_by(User.id).first()
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def first_in_city(db: Session, city: str) -> User | None:
    return db.execute(
        select(User).where(User.city == city).order_by(User.id).limit(1)
    ).scalars().first()
