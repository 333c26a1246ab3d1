from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def the_author(db: Session, title: str) -> User:
    return db.query(User).join(Post).filter(Post.title == title).one()
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def the_author(db: Session, title: str) -> User:
    return db.execute(
        select(User).join(Post).where(Post.title == title)
    ).scalars().unique().one()
