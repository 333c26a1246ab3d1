from sqlalchemy.ext.asyncio import AsyncSession


async def with_retry(db: AsyncSession) -> None:
    # `retry` may await the coroutine itself: reported by the audit, never guessed.
    await retry(db.commit())
