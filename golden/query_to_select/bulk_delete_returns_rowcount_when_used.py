from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def purge_city(db: Session, city: str) -> int:
    deleted = db.query(User).filter(User.city == city).delete()
    db.commit()
    return deleted


def purge_quietly(db: Session, city: str) -> None:
    db.query(User).filter(User.city == city).delete(synchronize_session=False)
    db.commit()
# output
from sqlalchemy import delete, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def purge_city(db: Session, city: str) -> int:
    deleted = db.execute(delete(User).where(User.city == city)).rowcount
    db.commit()
    return deleted


def purge_quietly(db: Session, city: str) -> None:
    db.execute(
        delete(User).where(User.city == city).execution_options(synchronize_session=False)
    )
    db.commit()
