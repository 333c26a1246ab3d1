import pytest

from app.database import AsyncSessionLocal
import pytest_asyncio


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def db():
    yield AsyncSessionLocal()
