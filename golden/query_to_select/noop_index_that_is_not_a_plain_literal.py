from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def pick(db: Session, i: int):
    # `q[i]` checks at run time that i is not negative; only literals are rewritten.
    return db.query(User).order_by(User.id)[i], db.query(User)[::2], db.query(User)[-1]
