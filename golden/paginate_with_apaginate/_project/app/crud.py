from sqlalchemy.orm import Session

from app.models import User


def get_user(db: Session, user_id: int) -> User | None:
    return db.query(User).filter(User.id == user_id).first()


def rename(db: Session, user_id: int, city: str) -> User:
    user = get_user(db, user_id)
    user.city = city
    db.commit()
    db.refresh(user)
    return user
