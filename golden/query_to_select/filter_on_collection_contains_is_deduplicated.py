from sqlalchemy import or_
from sqlalchemy.orm import Session

from app.models import Post, Team, User


def users_in_either_team(db: Session, first: Team, second: Team) -> list[User]:
    # one row per matching team_members row: a user in both teams comes back twice
    return db.query(User).filter(or_(User.teams.contains(first), User.teams.contains(second))).all()


def team_of(db: Session, user: User) -> Team | None:
    return db.query(Team).filter(Team.members.contains(user)).first()


def authors_of(db: Session, post: Post) -> list[User]:
    return db.query(User).filter(User.posts.contains(post)).order_by(User.id).all()
# output
from sqlalchemy import select, or_
from sqlalchemy.orm import Session

from app.models import Post, Team, User


def users_in_either_team(db: Session, first: Team, second: Team) -> list[User]:
    # one row per matching team_members row: a user in both teams comes back twice
    return db.execute(
        select(User).where(or_(User.teams.contains(first), User.teams.contains(second)))
    ).scalars().unique().all()


def team_of(db: Session, user: User) -> Team | None:
    return db.execute(
        select(Team).where(Team.members.contains(user)).limit(1)
    ).scalars().unique().first()


def authors_of(db: Session, post: Post) -> list[User]:
    return db.execute(
        select(User).where(User.posts.contains(post)).order_by(User.id)
    ).scalars().unique().all()
