from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def rename_city(db: Session, old: str, new: str) -> int:
    return db.query(User).filter(User.city == old).update({User.city: new}, synchronize_session="fetch")


def rename_by_key(db: Session, old: str, new: str) -> None:
    db.query(User).filter_by(city=old).update({"city": new}, False)
# output
from sqlalchemy import update, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def rename_city(db: Session, old: str, new: str) -> int:
    return db.execute(
        update(User).where(User.city == old).values({User.city: new}).execution_options(synchronize_session="fetch")
    ).rowcount


def rename_by_key(db: Session, old: str, new: str) -> None:
    db.execute(
        update(User).filter_by(city=old).values({"city": new}).execution_options(synchronize_session=False)
    )
