from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def get_admin(db: Session) -> User | None:
    return db.query(User).filter(User.username == "admin").first()
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def get_admin(db: Session) -> User | None:
    return db.execute(
        select(User).where(User.username == "admin")
    ).scalar_one_or_none()
