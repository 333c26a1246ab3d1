from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def email_of(db: Session, user_id: int):
    return db.query(User.email).filter(User.id == user_id).first()


def name_and_city(db: Session, user_id: int):
    return db.query(User.email, User.city).filter(User.id == user_id).first()
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def email_of(db: Session, user_id: int):
    return db.execute(
        select(User.email).where(User.id == user_id).limit(1)
    ).first()


def name_and_city(db: Session, user_id: int):
    return db.execute(
        select(User.email, User.city).where(User.id == user_id).limit(1)
    ).first()
