from sqlalchemy.ext.asyncio import AsyncSession


async def publish(db: AsyncSession, repo: Repository, redis: Redis) -> None:
    repo.commit()
    redis.execute("PING")
    repo.session.commit
