from sqlalchemy.ext.asyncio import AsyncSession


async def read_user(db: AsyncSession, user_id: int):
    # A half-migrated function: AsyncSession has no query().
    return db.query(User).get(user_id).email
# output
from sqlalchemy.ext.asyncio import AsyncSession


async def read_user(db: AsyncSession, user_id: int):
    # A half-migrated function: AsyncSession has no query().
    return (await db.get(User, user_id)).email
