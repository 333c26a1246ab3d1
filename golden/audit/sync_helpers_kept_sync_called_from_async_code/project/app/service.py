from sqlalchemy.orm import Session

from app.models import User


def fetch(db: Session, user_id: int):  # expect: SQA002
    return db.query(User).filter(User.id == user_id).first()  # expect: SQA001
