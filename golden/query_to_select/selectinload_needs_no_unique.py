from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def users(db: Session) -> list[User]:
    return db.query(User).options(selectinload(User.posts)).order_by(User.id).all()
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def users(db: Session) -> list[User]:
    return db.execute(
        select(User).options(selectinload(User.posts)).order_by(User.id)
    ).scalars().all()
