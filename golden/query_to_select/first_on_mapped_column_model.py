from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def by_handle(db: Session, handle: str) -> Account | None:
    # `Mapped[str]` is NOT NULL, so a unique handle pins one row...
    return db.query(Account).filter(Account.handle == handle).first()


def by_nickname(db: Session, nickname: str) -> Account | None:
    # ...but `Mapped[Optional[str]]` is nullable: keep LIMIT 1.
    return db.query(Account).filter(Account.nickname == nickname).first()
# output
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def by_handle(db: Session, handle: str) -> Account | None:
    # `Mapped[str]` is NOT NULL, so a unique handle pins one row...
    return db.execute(
        select(Account).where(Account.handle == handle)
    ).scalar_one_or_none()


def by_nickname(db: Session, nickname: str) -> Account | None:
    # ...but `Mapped[Optional[str]]` is nullable: keep LIMIT 1.
    return db.execute(
        select(Account).where(Account.nickname == nickname).limit(1)
    ).scalars().first()
