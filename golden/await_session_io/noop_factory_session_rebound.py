from app.database import AsyncSessionLocal


async def choose(use_cache: bool) -> None:
    db = AsyncSessionLocal()
    if use_cache:
        db = CacheClient()
    db.commit()
