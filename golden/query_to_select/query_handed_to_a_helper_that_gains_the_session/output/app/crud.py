from sqlalchemy.orm import Session

from app.models import Post, User
from sqlalchemy import Select, select


def users_query(db: Session, city: str | None = None) -> Select:
    query = select(User)
    if city:
        query = query.where(User.city == city)
    return query.order_by(User.id)
