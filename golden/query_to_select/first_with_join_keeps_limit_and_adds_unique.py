from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def author_of(db: Session, user_id: int, title: str) -> User | None:
    return db.query(User).join(Post).filter(User.id == user_id, Post.title == title).first()
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def author_of(db: Session, user_id: int, title: str) -> User | None:
    return db.execute(
        select(User).join(Post).where(User.id == user_id, Post.title == title).limit(1)
    ).scalars().unique().first()
