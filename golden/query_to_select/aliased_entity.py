from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def managers(db: Session) -> list[User]:
    manager = aliased(User)
    return db.query(aliased(User, name="boss")).order_by(User.id).all()
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def managers(db: Session) -> list[User]:
    manager = aliased(User)
    return db.execute(
        select(aliased(User, name="boss")).order_by(User.id)
    ).scalars().all()
