from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def with_posts(db: Session) -> list[User]:
    return db.query(User).join("posts").all()
