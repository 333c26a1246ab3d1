from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def users_with_posts(db: Session) -> list[User]:
    return db.query(User).join(User.posts).order_by(User.id).all()


def users_outer(db: Session) -> list[User]:
    return db.query(User).outerjoin(Post).filter(Post.id.is_(None)).all()
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def users_with_posts(db: Session) -> list[User]:
    return db.execute(
        select(User).join(User.posts).order_by(User.id)
    ).scalars().unique().all()


def users_outer(db: Session) -> list[User]:
    return db.execute(
        select(User).outerjoin(Post).where(Post.id.is_(None))
    ).scalars().unique().all()
