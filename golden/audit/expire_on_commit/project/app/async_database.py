from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import sessionmaker

async_engine = create_async_engine("sqlite+aiosqlite:///./app.db")
AsyncSessionLocal = async_sessionmaker(async_engine)  # expect: SQA008
LegacyAsyncSession = sessionmaker(async_engine, class_=AsyncSession)  # expect: SQA008
Fine = async_sessionmaker(async_engine, expire_on_commit=False)
