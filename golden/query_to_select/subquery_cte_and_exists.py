from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def prolific(db: Session) -> list[User]:
    counts = db.query(Post.author_id, func.count(Post.id).label("n")).group_by(Post.author_id).subquery()
    return db.query(User).join(counts, counts.c.author_id == User.id).filter(counts.c.n > 1).all()


def titles(db: Session):
    recent = db.query(Post.id, Post.title).filter(Post.id > 10).cte("recent")
    return db.query(recent.c.title).order_by(recent.c.id).all()


def taken(db: Session, email: str) -> bool:
    return db.query(db.query(User).filter(User.email == email).exists()).scalar()
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def prolific(db: Session) -> list[User]:
    counts = select(Post.author_id, func.count(Post.id).label("n")).group_by(Post.author_id).subquery()
    return db.execute(
        select(User).join(counts, counts.c.author_id == User.id).where(counts.c.n > 1)
    ).scalars().unique().all()


def titles(db: Session):
    recent = select(Post.id, Post.title).where(Post.id > 10).cte("recent")
    return db.execute(select(recent.c.title).order_by(recent.c.id)).all()


def taken(db: Session, email: str) -> bool:
    return db.execute(
        select(select(User).where(User.email == email).exists())
    ).scalar_one_or_none()
