from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def get_user(db: Session, user_id: int) -> User | None:
    return db.query(User).filter(user_id == User.id).first()
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def get_user(db: Session, user_id: int) -> User | None:
    return db.execute(select(User).where(user_id == User.id)).scalar_one_or_none()
