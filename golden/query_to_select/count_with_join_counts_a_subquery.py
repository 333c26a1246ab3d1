from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def count_user_post_rows(db: Session) -> int:
    # count() counts the joined rows, not distinct users: the subquery keeps that.
    return db.query(User).join(Post).count()
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def count_user_post_rows(db: Session) -> int:
    # count() counts the joined rows, not distinct users: the subquery keeps that.
    return db.execute(
        select(func.count()).select_from(select(User).join(Post).subquery())
    ).scalar_one()
