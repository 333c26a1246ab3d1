from app.schemas import UserOut
from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def odd(db: Session):
    return db.query(UserOut).all()
