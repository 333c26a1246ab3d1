from sqlalchemy.orm import Session

from app.models import Post, User


class Report:
    def totals(self, db: Session, query) -> tuple[int, list]:
        return query.count(), query.limit(3).all()

    def authors(self, db: Session):
        return self.totals(db, db.query(Post.author_id, Post.title).order_by(Post.id))


report = Report()


def cities(db: Session):
    return report.totals(db, db.query(User.city).distinct())
