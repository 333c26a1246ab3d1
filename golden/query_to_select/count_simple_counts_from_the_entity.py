from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def count_in_city(db: Session, city: str) -> int:
    return db.query(User).filter(User.city == city).count()


def count_by_keyword(db: Session, city: str) -> int:
    return db.query(User).filter_by(city=city).count()
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def count_in_city(db: Session, city: str) -> int:
    return db.execute(
        select(func.count()).select_from(User).where(User.city == city)
    ).scalar_one()


def count_by_keyword(db: Session, city: str) -> int:
    return db.execute(
        select(func.count()).select_from(User).filter_by(city=city)
    ).scalar_one()
