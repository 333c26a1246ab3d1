from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def author_cities(db: Session):
    # Column-only results were never de-duplicated: no unique() here.
    return db.query(User.city).join(Post).order_by(User.city).all()
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def author_cities(db: Session):
    # Column-only results were never de-duplicated: no unique() here.
    return db.execute(select(User.city).join(Post).order_by(User.city)).all()
