from sqlalchemy.ext.asyncio import AsyncSession


async def commit_later(db: AsyncSession):
    return db.commit()


async def with_retry(db: AsyncSession) -> None:
    await retry(db.commit())
