from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def base(db: Session, city: str):
    # Returned unexecuted: the whole variable stays a Query, and is reported.
    query = db.query(User).filter(User.city == city)
    if city == "x":
        return query.all()
    return query


def logged(db: Session):
    query = db.query(User)
    log(query)
    return query.all()
