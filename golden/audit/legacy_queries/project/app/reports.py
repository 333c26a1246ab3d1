from sqlalchemy.orm import Session

from app.models import User


def emails_in(db: Session, city: str) -> list[str]:  # expect: SQA002
    return [u.email for u in db.query(User).filter(User.city == city).order_by(User.id)]  # expect: SQA001


def first_in(db: Session, city: str):  # expect: SQA002
    return db.query(User).filter(User.city == city).first()  # expect: SQA001


def handed_on(db: Session, spec):  # expect: SQA002
    from sqlalchemy_filters import apply_filters

    return apply_filters(db.query(User), spec).all()  # expect: SQA001
