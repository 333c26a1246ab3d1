from sqlalchemy.ext.asyncio import AsyncSession


async def outer(db: AsyncSession) -> None:
    async def inner(db) -> None:
        db.commit()

    await inner(make_repository())
