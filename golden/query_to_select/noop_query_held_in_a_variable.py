from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def search(db: Session, city: str | None) -> list[User]:
    # Queries that cross statements are not rewritten yet: reported instead.
    q = db.query(User)
    if city:
        q = q.filter(User.city == city)
    return q.all()
