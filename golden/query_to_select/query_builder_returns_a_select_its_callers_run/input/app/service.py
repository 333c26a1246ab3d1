from sqlalchemy.orm import Session

from app import crud
from app.crud import active_users, posts
from app.models import Post, User


def in_city(db: Session, city: str) -> list[User]:
    return active_users(db).filter(User.city == city).order_by(User.id).all()


def how_many(db: Session) -> int:
    return crud.active_users(db).count()


def titles(db: Session, author_id: int) -> list[str]:
    return [p.title for p in posts.by_author(db, author_id).order_by(Post.id)]
