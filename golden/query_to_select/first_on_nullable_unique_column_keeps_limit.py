from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def get_by_username(db: Session, username: str | None) -> User | None:
    # `username` is unique but nullable: `== None` becomes IS NULL, which may match many.
    return db.query(User).filter(User.username == username).first()
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def get_by_username(db: Session, username: str | None) -> User | None:
    # `username` is unique but nullable: `== None` becomes IS NULL, which may match many.
    return db.execute(
        select(User).where(User.username == username).limit(1)
    ).scalars().first()
