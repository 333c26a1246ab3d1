from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def posts_with_authors(db: Session) -> list[Post]:
    return db.query(Post).options(joinedload(Post.author)).order_by(Post.id).all()


def user_with_profile(db: Session, user_id: int) -> User | None:
    return db.query(User).options(joinedload(User.profile)).filter(User.id == user_id).first()
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def posts_with_authors(db: Session) -> list[Post]:
    return db.execute(
        select(Post).options(joinedload(Post.author)).order_by(Post.id)
    ).scalars().all()


def user_with_profile(db: Session, user_id: int) -> User | None:
    return db.execute(
        select(User).options(joinedload(User.profile)).where(User.id == user_id)
    ).scalar_one_or_none()
