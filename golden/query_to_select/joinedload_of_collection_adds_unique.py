from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def users_with_posts(db: Session) -> list[User]:
    return db.query(User).options(joinedload(User.posts)).order_by(User.id).all()


def team(db: Session, team_id: int) -> Team | None:
    return db.query(Team).options(joinedload(Team.members)).filter(Team.id == team_id).first()
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def users_with_posts(db: Session) -> list[User]:
    return db.execute(
        select(User).options(joinedload(User.posts)).order_by(User.id)
    ).scalars().unique().all()


def team(db: Session, team_id: int) -> Team | None:
    return db.execute(
        select(Team).options(joinedload(Team.members)).where(Team.id == team_id)
    ).unique().scalar_one_or_none()
