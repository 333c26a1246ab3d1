from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def list_users(db: Session, skip: int = 0, limit: int = 100) -> list[User]:
    return db.query(User).order_by(User.id).offset(skip).limit(limit).all()
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def list_users(db: Session, skip: int = 0, limit: int = 100) -> list[User]:
    return db.execute(
        select(User).order_by(User.id).offset(skip).limit(limit)
    ).scalars().all()
