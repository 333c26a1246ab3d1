from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


async def get_user(db: AsyncSession, user_id: int) -> User | None:
    # A half-migrated function: the annotation says AsyncSession, the query is legacy.
    return db.query(User).filter(User.id == user_id).first()
# output
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


async def get_user(db: AsyncSession, user_id: int) -> User | None:
    # A half-migrated function: the annotation says AsyncSession, the query is legacy.
    return (await db.execute(select(User).where(User.id == user_id))).scalar_one_or_none()
