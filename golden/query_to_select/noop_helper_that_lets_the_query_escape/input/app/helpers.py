from sqlalchemy.orm import Session

from app.models import User


def remember(query, cache: list):
    cache.append(query)  # kept as a Query: whoever reads the cache runs it later
    return query.count()


def how_many(db: Session, cache: list):
    return remember(db.query(User), cache)
