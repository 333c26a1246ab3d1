from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def legacy(db: Session):
    a = db.query(User).from_self().all()
    b = db.query(User).yield_per(100).all()
    c = db.query(User).filter(User.id == bindparam("uid")).params(uid=1).all()
    d = db.query(User).union(db.query(User)).all()
    return a, b, c, d
