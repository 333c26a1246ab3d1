from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def search(db: Session, city: str | None) -> list[User]:
    q = db.query(User)
    if city:
        q = q.filter(User.city == city)
    return q.all()
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def search(db: Session, city: str | None) -> list[User]:
    q = select(User)
    if city:
        q = q.where(User.city == city)
    return db.execute(q).scalars().all()
