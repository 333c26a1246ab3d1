from sqlalchemy.orm import Session

from app.models import Post, User


def count_of(query):
    return query.count()


def with_posts(db: Session):
    return count_of(db.query(User).join("posts"))
