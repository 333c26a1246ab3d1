from sqlalchemy.ext.asyncio import AsyncSession


async def commit_all(db: AsyncSession, repositories: list[Repository]) -> list[object]:
    # Inside the comprehension `db` is each repository, not the session.
    return [db.commit() for db in repositories]
