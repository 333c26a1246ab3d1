from sqlalchemy.orm import Session

from app.models import Post, User


def in_city(*, db_session: Session, city: str) -> list[User]:
    return (
        db_session.query(User)
        .filter(User.city == city)
        .filter(User.email.isnot(None))
    ).all()


def first_in_city(*, db_session: Session, city: str) -> User | None:
    return (
        db_session.query(User)
        .filter(User.city == city)  # not unique
        .order_by(User.id)
    ).first()


def by_email(db: Session, email: str) -> User | None:
    return (db.query(User).filter(User.email == email)).one_or_none()


def drop_posts(db: Session, author_id: int) -> int:
    return (
        db.query(Post)
        .filter(Post.author_id == author_id)
    ).delete(synchronize_session=False)
# output
from sqlalchemy.orm import Session

from app.models import Post, User
from sqlalchemy import delete, select


def in_city(*, db_session: Session, city: str) -> list[User]:
    return db_session.execute(
        select(User)
        .where(User.city == city)
        .where(User.email.isnot(None))
    ).scalars().all()


def first_in_city(*, db_session: Session, city: str) -> User | None:
    return db_session.execute(
        select(User)
        .where(User.city == city)  # not unique
        .order_by(User.id)
        .limit(1)
    ).scalars().first()


def by_email(db: Session, email: str) -> User | None:
    return db.execute(select(User).where(User.email == email)).scalar_one_or_none()


def drop_posts(db: Session, author_id: int) -> int:
    return db.execute(
        delete(Post)
        .where(Post.author_id == author_id)
        .execution_options(synchronize_session=False)
    ).rowcount
