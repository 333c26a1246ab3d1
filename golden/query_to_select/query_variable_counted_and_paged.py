from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def page(db: Session, offset: int, limit: int) -> dict:
    query = db.query(User).filter(User.city.isnot(None)).order_by(User.id)
    total = query.count()
    items = query.offset(offset).limit(limit).all()
    return {"total": total, "items": items}
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def page(db: Session, offset: int, limit: int) -> dict:
    query = select(User).where(User.city.isnot(None)).order_by(User.id)
    total = db.execute(
        select(func.count()).select_from(query.subquery())
    ).scalar_one()
    items = db.execute(query.offset(offset).limit(limit)).scalars().all()
    return {"total": total, "items": items}
