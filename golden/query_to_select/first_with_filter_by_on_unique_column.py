from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def get_post(db: Session, slug: str) -> Post | None:
    # `slug` is unique through a single-column UniqueConstraint in __table_args__.
    return db.query(Post).filter_by(slug=slug).first()
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def get_post(db: Session, slug: str) -> Post | None:
    # `slug` is unique through a single-column UniqueConstraint in __table_args__.
    return db.execute(select(Post).filter_by(slug=slug)).scalar_one_or_none()
