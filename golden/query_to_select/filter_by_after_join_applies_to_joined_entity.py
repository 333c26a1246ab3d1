from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def users_with_post_titled(db: Session, title: str) -> list[User]:
    return db.query(User).join(Post).filter_by(title=title).order_by(User.id).all()
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def users_with_post_titled(db: Session, title: str) -> list[User]:
    return db.execute(
        select(User).join(Post).filter_by(title=title).order_by(User.id)
    ).scalars().unique().all()
