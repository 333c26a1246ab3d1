from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def prolific_authors(db: Session):
    return (
        db.query(Post.author_id, func.count(Post.id))
        .group_by(Post.author_id)
        .having(func.count(Post.id) > 1)
        .order_by(Post.author_id)
        .all()
    )


def cities(db: Session):
    return db.query(User.city).distinct().order_by(User.city).all()
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def prolific_authors(db: Session):
    return (
        db.execute(
            select(Post.author_id, func.count(Post.id))
            .group_by(Post.author_id)
            .having(func.count(Post.id) > 1)
            .order_by(Post.author_id)
        )
        .all()
    )


def cities(db: Session):
    return db.execute(select(User.city).distinct().order_by(User.city)).all()
