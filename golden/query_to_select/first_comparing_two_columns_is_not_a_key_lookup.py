from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def self_authored(db: Session) -> Post | None:
    return db.query(Post).filter(Post.id == Post.author_id).first()
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def self_authored(db: Session) -> Post | None:
    return db.execute(
        select(Post).where(Post.id == Post.author_id).limit(1)
    ).scalars().first()
