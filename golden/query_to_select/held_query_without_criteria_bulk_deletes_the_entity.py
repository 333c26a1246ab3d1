from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def clear_memberships(db: Session) -> int:
    # No criteria anywhere: the variable's whereclause would be None, so the bulk
    # statement is the entity's alone.
    query = db.query(Membership)
    total = query.count()
    query.delete()
    return total
# output
from sqlalchemy import delete, select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def clear_memberships(db: Session) -> int:
    # No criteria anywhere: the variable's whereclause would be None, so the bulk
    # statement is the entity's alone.
    query = select(Membership)
    total = db.execute(
        select(func.count()).select_from(query.subquery())
    ).scalar_one()
    db.execute(delete(Membership))
    return total
