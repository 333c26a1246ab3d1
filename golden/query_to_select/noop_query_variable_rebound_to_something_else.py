from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def mixed(db: Session, cached: list[User] | None):
    users = db.query(User)
    if cached is not None:
        users = cached
    return users
