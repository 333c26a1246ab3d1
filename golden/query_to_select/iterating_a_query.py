from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def emails(db: Session) -> list[str]:
    found = []
    for user in db.query(User).order_by(User.id):
        found.append(user.email)
    return found


def titles(db: Session) -> list[str]:
    return [title for (title,) in db.query(Post.title).order_by(Post.id)]


def teams(db: Session) -> list[Team]:
    return list(db.query(Team).join(Team.members).order_by(Team.id))
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def emails(db: Session) -> list[str]:
    found = []
    for user in db.execute(select(User).order_by(User.id)).scalars():
        found.append(user.email)
    return found


def titles(db: Session) -> list[str]:
    return [title for (title,) in db.execute(select(Post.title).order_by(Post.id))]


def teams(db: Session) -> list[Team]:
    return list(db.execute(select(Team).join(Team.members).order_by(Team.id)).scalars().unique())
