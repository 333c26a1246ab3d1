from sqlalchemy.orm import Session

from app.models import User


def stage(db: Session, email: str) -> User:
    # `add` stays sync on an AsyncSession: nothing here needs to await.
    user = User(email=email)
    db.add(user)
    return user
