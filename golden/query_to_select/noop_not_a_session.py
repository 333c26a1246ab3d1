from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def search(index: SearchIndex, es):
    return index.query(User).filter(User.id == 1).first(), es.query(User).all()
