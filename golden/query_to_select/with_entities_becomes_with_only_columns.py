from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def ids_and_emails(db: Session):
    return db.query(User).with_entities(User.id, User.email).order_by(User.id).all()
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def ids_and_emails(db: Session):
    return db.execute(
        select(User).with_only_columns(User.id, User.email).order_by(User.id)
    ).all()
