from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def post_counts(db: Session):
    return (
        db.query(User.id, func.count(Post.id))
        .select_from(User)
        .outerjoin(Post, Post.author_id == User.id)
        .group_by(User.id)
        .order_by(User.id)
        .all()
    )
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def post_counts(db: Session):
    return (
        db.execute(
            select(User.id, func.count(Post.id))
            .select_from(User)
            .outerjoin(Post, Post.author_id == User.id)
            .group_by(User.id)
            .order_by(User.id)
        )
        .all()
    )
