from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def count_cities(db: Session) -> int:
    return db.query(User.city).distinct().count()


def count_groups(db: Session) -> int:
    return db.query(Post.author_id).group_by(Post.author_id).count()


def count_page(db: Session) -> int:
    return db.query(User).order_by(User.id).limit(10).offset(5).count()
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def count_cities(db: Session) -> int:
    return db.execute(
        select(func.count()).select_from(select(User.city).distinct().subquery())
    ).scalar_one()


def count_groups(db: Session) -> int:
    return db.execute(
        select(func.count()).select_from(select(Post.author_id).group_by(Post.author_id).subquery())
    ).scalar_one()


def count_page(db: Session) -> int:
    return db.execute(
        select(func.count()).select_from(select(User).order_by(User.id).limit(10).offset(5).subquery())
    ).scalar_one()
