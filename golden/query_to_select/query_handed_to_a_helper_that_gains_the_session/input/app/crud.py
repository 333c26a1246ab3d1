from sqlalchemy.orm import Query, Session

from app.models import Post, User


def users_query(db: Session, city: str | None = None) -> Query:
    query = db.query(User)
    if city:
        query = query.filter(User.city == city)
    return query.order_by(User.id)
