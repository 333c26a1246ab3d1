from sqlalchemy.orm import Session

from app.models import Post, User
from sqlalchemy import func, select


class Report:
    def totals(self, db: Session, query) -> tuple[int, list]:
        return db.execute(select(func.count()).select_from(query.subquery())).scalar_one(), db.execute(query.limit(3)).all()

    def authors(self, db: Session):
        return self.totals(db, select(Post.author_id, Post.title).order_by(Post.id))


report = Report()


def cities(db: Session):
    return report.totals(db, select(User.city).distinct())
