from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def purge_joined(db: Session) -> int:
    # Legacy Query.delete() / update() raise after join(), limit(), order_by(): the
    # variables stay as they are, and are reported with that reason.
    query = db.query(User).join(Post).filter(Post.title == "spam")
    return query.delete(synchronize_session=False)


def purge_first_ten(db: Session, city: str) -> int:
    query = db.query(User).filter(User.city == city)
    query = query.limit(10)
    return query.delete()


def rename_in_order(db: Session, city: str) -> int:
    query = db.query(User).filter(User.city == city)
    if city:
        query = query.order_by(User.id)
    return query.update({"city": "x"})


def purge_with_options(db: Session, city: str) -> None:
    # Legacy dropped the options: only criteria are carried to a bulk statement.
    query = db.query(User).options(selectinload(User.posts)).filter(User.city == city)
    query.delete()
