from app.database import AsyncSessionLocal


async def purge_expired() -> int:
    async with AsyncSessionLocal() as db:
        result = db.execute(delete(Token).where(Token.expired))
        db.commit()
        return result.rowcount


async def touch(user_id: int) -> None:
    db = AsyncSessionLocal()
    try:
        user = db.get(User, user_id)
        user.touched = True
        db.commit()
    finally:
        db.close()
# output
from app.database import AsyncSessionLocal


async def purge_expired() -> int:
    async with AsyncSessionLocal() as db:
        result = await db.execute(delete(Token).where(Token.expired))
        await db.commit()
        return result.rowcount


async def touch(user_id: int) -> None:
    db = AsyncSessionLocal()
    try:
        user = await db.get(User, user_id)
        user.touched = True
        await db.commit()
    finally:
        await db.close()
