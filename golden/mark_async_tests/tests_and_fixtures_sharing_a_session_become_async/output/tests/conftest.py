from collections.abc import AsyncIterator

import pytest

from app import crud
from app.database import AsyncSessionLocal
from sqlalchemy.ext.asyncio import AsyncSession
import pytest_asyncio


@pytest_asyncio.fixture
async def db() -> AsyncIterator[AsyncSession]:
    async with AsyncSessionLocal() as session:
        yield session


@pytest_asyncio.fixture
async def user(db: AsyncSession):
    return await crud.create_user(db, "ada@example.com")


@pytest.fixture
def email() -> str:
    return "grace@example.com"
