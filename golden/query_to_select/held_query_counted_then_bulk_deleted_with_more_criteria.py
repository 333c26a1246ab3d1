from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def purge_unnamed(db: Session, city: str) -> int:
    # Run twice: counted, then deleted with a criterion added where it is run.
    query = db.query(User).filter(User.city == city)
    if query.count() == 0:
        return 0
    return query.filter(User.username.is_(None)).delete()
# output
from sqlalchemy import delete, select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def purge_unnamed(db: Session, city: str) -> int:
    # Run twice: counted, then deleted with a criterion added where it is run.
    query = select(User).where(User.city == city)
    if db.execute(select(func.count()).select_from(query.subquery())).scalar_one() == 0:
        return 0
    return db.execute(
        delete(User).where(query.whereclause).where(User.username.is_(None))
    ).rowcount
