from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def emails(db: Session) -> list[str]:
    users = db.query(User).order_by(User.id)
    first = users[0]
    return [first.email] + [user.email for user in users]
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def emails(db: Session) -> list[str]:
    users = select(User).order_by(User.id)
    first = db.execute(users.slice(0, 1)).scalars().all()[0]
    return [first.email] + [user.email for user in db.execute(users).scalars()]
