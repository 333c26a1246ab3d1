from sqlalchemy.orm import Session

from app.models import User


def first_two(query):
    # Users from one caller, emails from the other: scalars or rows, unknown here.
    return query.limit(2).all()


def users(db: Session):
    return first_two(db.query(User).order_by(User.id))


def emails(db: Session):
    return first_two(db.query(User.email).order_by(User.email))
