from sqlalchemy import func, select
from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def newest(db: Session) -> User | None:
    latest = select(func.max(User.id)).scalar_subquery()
    return db.query(User).filter(User.id == latest).first()
# output
from sqlalchemy import func, select
from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def newest(db: Session) -> User | None:
    latest = select(func.max(User.id)).scalar_subquery()
    return db.execute(select(User).where(User.id == latest)).scalar_one_or_none()
