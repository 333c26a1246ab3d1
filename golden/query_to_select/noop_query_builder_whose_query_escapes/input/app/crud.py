from sqlalchemy.orm import Session

from app.models import User


def active_users(db: Session):
    return db.query(User).filter(User.city.isnot(None))
