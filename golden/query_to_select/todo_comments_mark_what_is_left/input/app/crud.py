from sqlalchemy.orm import Session

from app.models import User


def active(db: Session):
    return db.query(User).filter(User.city.isnot(None))


def with_posts(db: Session) -> list[User]:
    if True:
        # an existing comment stays above the TODO
        found = db.query(User).join("posts").all()
    return found


def fine(db: Session) -> list[User]:
    return db.query(User).all()
