from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import declarative_base

async_engine = create_async_engine("sqlite+aiosqlite:///./x.db")
AsyncSessionLocal = async_sessionmaker(async_engine, expire_on_commit=False)
Base = declarative_base()


async def get_async_db():
    async with AsyncSessionLocal() as db:
        yield db
