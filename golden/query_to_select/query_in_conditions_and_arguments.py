from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def ensure_email_free(db: Session, email: str) -> None:
    if db.query(User).filter(User.email == email).first():
        raise ValueError("taken")
    log(len(db.query(User).all()))
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def ensure_email_free(db: Session, email: str) -> None:
    if db.execute(select(User).where(User.email == email)).scalar_one_or_none():
        raise ValueError("taken")
    log(len(db.execute(select(User)).scalars().all()))
