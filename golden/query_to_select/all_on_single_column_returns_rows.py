from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def all_emails(db: Session):
    # Legacy Query returns 1-tuples (Rows) for a single column: so does the rewrite.
    return db.query(User.email).order_by(User.email).all()
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def all_emails(db: Session):
    # Legacy Query returns 1-tuples (Rows) for a single column: so does the rewrite.
    return db.execute(select(User.email).order_by(User.email)).all()
