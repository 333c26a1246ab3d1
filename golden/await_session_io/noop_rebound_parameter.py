from sqlalchemy.ext.asyncio import AsyncSession


async def maybe_other(db: AsyncSession, other: Repository) -> None:
    if other is not None:
        db = other
    db.commit()
