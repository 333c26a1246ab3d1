import pytest

from app import crud
from app.database import AsyncSessionLocal
from sqlalchemy.ext.asyncio import AsyncSession
import pytest_asyncio


@pytest_asyncio.fixture
async def db():
    async with AsyncSessionLocal() as session:
        yield session


async def test_create_user(db: AsyncSession) -> None:
    assert (await crud.create_user(db, "ada@example.com")).id is not None
