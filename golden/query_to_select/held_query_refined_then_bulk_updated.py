from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def move_city(db: Session, old: str, new: str, usernames: list[str] | None = None) -> int:
    query = db.query(User).filter_by(city=old)
    if usernames:
        query = query.filter(User.username.in_(usernames))
    return query.update({User.city: new}, synchronize_session="fetch")


def move_quietly(db: Session, old: str, new: str) -> None:
    query = db.query(User).filter(User.city == old)
    query.update({"city": new}, False)
# output
from sqlalchemy import select, update, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def move_city(db: Session, old: str, new: str, usernames: list[str] | None = None) -> int:
    query = select(User).filter_by(city=old)
    if usernames:
        query = query.where(User.username.in_(usernames))
    return db.execute(
        update(User).where(query.whereclause).values({User.city: new}).execution_options(synchronize_session="fetch")
    ).rowcount


def move_quietly(db: Session, old: str, new: str) -> None:
    query = select(User).where(User.city == old)
    db.execute(
        update(User).where(query.whereclause).values({"city": new}).execution_options(synchronize_session=False)
    )
