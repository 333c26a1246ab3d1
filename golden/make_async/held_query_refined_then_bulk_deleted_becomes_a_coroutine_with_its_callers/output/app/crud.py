
from app.models import User
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession


async def purge_city(db: AsyncSession, city: str, username: str | None = None) -> int:
    # The variable holds a select(); the bulk delete is built from its entity and the
    # criteria it gathered, run where the query was: the function needs no Query left.
    query = select(User).where(User.city == city)
    if username is not None:
        query = query.where(User.username == username)
    deleted = (await db.execute(
        delete(User).where(query.whereclause).execution_options(synchronize_session=False)
    )).rowcount
    await db.commit()
    return deleted
