from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def author(db: Session, post_id: int) -> User | None:
    return db.query(User).join(Post).filter(Post.id == post_id).scalar()
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def author(db: Session, post_id: int) -> User | None:
    return db.execute(
        select(User).join(Post).where(Post.id == post_id)
    ).unique().scalar_one_or_none()
