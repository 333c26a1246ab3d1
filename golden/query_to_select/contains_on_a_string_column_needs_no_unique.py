from sqlalchemy.orm import Session

from app.models import User


def users_named_like(db: Session, part: str) -> list[User]:
    return db.query(User).filter(User.username.contains(part)).all()
# output
from sqlalchemy.orm import Session

from app.models import User
from sqlalchemy import select


def users_named_like(db: Session, part: str) -> list[User]:
    return db.execute(
        select(User).where(User.username.contains(part))
    ).scalars().all()
