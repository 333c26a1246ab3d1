import sqlalchemy as sa
from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def count_all(db: Session) -> int:
    return db.query(User).filter(User.city != sa.null()).count()
# output
import sqlalchemy as sa
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def count_all(db: Session) -> int:
    return db.execute(
        select(func.count()).select_from(User).where(User.city != sa.null())
    ).scalar_one()
