from sqlalchemy.orm import Session

from app.models import Post, User
from sqlalchemy import Select, select


def active_users(db: Session) -> Select:
    return select(User).where(User.city.isnot(None))


class Posts:
    def by_author(self, db: Session, author_id: int):
        return select(Post).join(Post.author).where(Post.author_id == author_id)


posts = Posts()
