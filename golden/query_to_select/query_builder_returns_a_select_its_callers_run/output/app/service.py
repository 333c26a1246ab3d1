from sqlalchemy.orm import Session

from app import crud
from app.crud import active_users, posts
from app.models import Post, User
from sqlalchemy import func, select


def in_city(db: Session, city: str) -> list[User]:
    return db.execute(
        active_users(db).where(User.city == city).order_by(User.id)
    ).scalars().all()


def how_many(db: Session) -> int:
    return db.execute(
        select(func.count()).select_from(crud.active_users(db).subquery())
    ).scalar_one()


def titles(db: Session, author_id: int) -> list[str]:
    return [p.title for p in db.execute(posts.by_author(db, author_id).order_by(Post.id)).scalars().unique()]
