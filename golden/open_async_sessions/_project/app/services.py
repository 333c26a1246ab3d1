from sqlalchemy.orm import Session

from app.models import User


def get_api_keys(db: Session, tenant: str) -> list[str]:
    return [u.email for u in db.query(User).filter(User.city == tenant).all()]


def generate_summary(db: Session, user: User) -> str:
    return f"{db.query(User).count()} users; you are {user.email}"
