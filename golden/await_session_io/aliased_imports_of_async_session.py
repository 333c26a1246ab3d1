import sqlalchemy.ext.asyncio as sa_asyncio
from sqlalchemy.ext.asyncio import AsyncSession as AS
from sqlalchemy.ext.asyncio.session import AsyncSession as DefinedAsyncSession


async def one(db: AS) -> None:
    db.commit()


async def two(db: sa_asyncio.AsyncSession) -> None:
    db.commit()


async def three(session: DefinedAsyncSession) -> None:
    session.flush()
# output
import sqlalchemy.ext.asyncio as sa_asyncio
from sqlalchemy.ext.asyncio import AsyncSession as AS
from sqlalchemy.ext.asyncio.session import AsyncSession as DefinedAsyncSession


async def one(db: AS) -> None:
    await db.commit()


async def two(db: sa_asyncio.AsyncSession) -> None:
    await db.commit()


async def three(session: DefinedAsyncSession) -> None:
    await session.flush()
