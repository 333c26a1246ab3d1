from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def any_membership(db: Session, org_id: int) -> Membership | None:
    return db.query(Membership).filter(Membership.org_id == org_id).first()
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def any_membership(db: Session, org_id: int) -> Membership | None:
    return db.execute(
        select(Membership).where(Membership.org_id == org_id).limit(1)
    ).scalars().first()
