from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def authors_and_posts(db: Session):
    return db.query(User, Post).join(Post, Post.author_id == User.id).order_by(Post.id).all()
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def authors_and_posts(db: Session):
    return db.execute(
        select(User, Post).join(Post, Post.author_id == User.id).order_by(Post.id)
    ).unique().all()
