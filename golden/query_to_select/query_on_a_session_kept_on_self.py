from sqlalchemy.orm import Session

from app.models import Post, User


class Repository:
    def __init__(self, db: Session):
        self.db = db


class UserRepository(Repository):
    def by_email(self, email: str) -> User | None:
        return self.db.query(User).filter(User.email == email).first()

    def posts_of(self, user_id: int) -> list[Post]:
        return self.db.query(Post).filter(Post.author_id == user_id).order_by(Post.id).all()


class Stats:
    def __init__(self, session):
        self.session = session

    def users(self) -> int:
        return self.session.query(User).count()
# output
from sqlalchemy.orm import Session

from app.models import Post, User
from sqlalchemy import func, select


class Repository:
    def __init__(self, db: Session):
        self.db = db


class UserRepository(Repository):
    def by_email(self, email: str) -> User | None:
        return self.db.execute(select(User).where(User.email == email)).scalar_one_or_none()

    def posts_of(self, user_id: int) -> list[Post]:
        return self.db.execute(select(Post).where(Post.author_id == user_id).order_by(Post.id)).scalars().all()


class Stats:
    def __init__(self, session):
        self.session = session

    def users(self) -> int:
        return self.session.execute(select(func.count()).select_from(User)).scalar_one()
