from sqlalchemy.orm import Query, Session

from app.models import Post, User


def active_users(db: Session) -> Query:
    return db.query(User).filter(User.city.isnot(None))


class Posts:
    def by_author(self, db: Session, author_id: int):
        return db.query(Post).join(Post.author).filter(Post.author_id == author_id)


posts = Posts()
