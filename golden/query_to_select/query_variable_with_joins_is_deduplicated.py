from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def authors(db: Session, title: str | None) -> list[User]:
    query = db.query(User).join(Post)
    if title:
        query = query.filter(Post.title == title)
    return query.order_by(User.id).all()
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def authors(db: Session, title: str | None) -> list[User]:
    query = select(User).join(Post)
    if title:
        query = query.where(Post.title == title)
    return db.execute(query.order_by(User.id)).scalars().unique().all()
