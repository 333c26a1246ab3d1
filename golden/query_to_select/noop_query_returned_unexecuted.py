from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def base_query(db: Session):
    return db.query(User).filter(User.city.isnot(None))
