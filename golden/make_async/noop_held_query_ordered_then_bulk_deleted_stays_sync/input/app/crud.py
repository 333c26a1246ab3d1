from sqlalchemy.orm import Session

from app.models import User


def purge_oldest(db: Session, city: str) -> int:
    # Legacy Query.delete() raises after order_by(): the query stays as it is, and so
    # does every function sharing its session (reported, with the reason).
    query = db.query(User).filter(User.city == city).order_by(User.id)
    deleted = query.delete()
    db.commit()
    return deleted
