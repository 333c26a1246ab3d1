from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def authors_of(db: Session, title: str) -> list[User]:
    wrote = db.query(Post.author_id).filter(Post.title == title)
    return db.query(User).filter(User.id.in_(wrote)).order_by(User.id).all()


def not_authors(db: Session) -> list[User]:
    return db.query(User).filter(User.id.not_in(db.query(Post.author_id))).all()
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def authors_of(db: Session, title: str) -> list[User]:
    wrote = select(Post.author_id).where(Post.title == title)
    return db.execute(
        select(User).where(User.id.in_(wrote)).order_by(User.id)
    ).scalars().all()


def not_authors(db: Session) -> list[User]:
    return db.execute(
        select(User).where(User.id.not_in(select(Post.author_id)))
    ).scalars().all()
