from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def purge_city(db: Session, city: str, username: str | None = None) -> int:
    # The variable holds a select(); the bulk delete takes the entity and the criteria
    # it gathered, all legacy Query.delete() took from the query.
    query = db.query(User).filter(User.city == city)
    if username is not None:
        query = query.filter(User.username == username)
    deleted = query.delete(synchronize_session=False)
    db.commit()
    return deleted
# output
from sqlalchemy import delete, select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def purge_city(db: Session, city: str, username: str | None = None) -> int:
    # The variable holds a select(); the bulk delete takes the entity and the criteria
    # it gathered, all legacy Query.delete() took from the query.
    query = select(User).where(User.city == city)
    if username is not None:
        query = query.where(User.username == username)
    deleted = db.execute(
        delete(User).where(query.whereclause).execution_options(synchronize_session=False)
    ).rowcount
    db.commit()
    return deleted
