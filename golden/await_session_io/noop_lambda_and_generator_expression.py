from sqlalchemy.ext.asyncio import AsyncSession


async def deferred(db: AsyncSession, ids: list[int]) -> None:
    on_done = lambda: db.commit()
    pending = (db.get(User, user_id) for user_id in ids)
    await gather_all(on_done, pending)
