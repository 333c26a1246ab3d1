from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def odd_bulk(db: Session) -> None:
    # SQLAlchemy itself refuses these: they stay as they are, and are reported.
    db.query(User).order_by(User.id).delete()
    db.query(User).join(Post).filter(Post.id == 1).update({"city": "x"})
