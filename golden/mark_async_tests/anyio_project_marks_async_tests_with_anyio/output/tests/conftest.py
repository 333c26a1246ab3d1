import pytest

from app import crud
from app.database import AsyncSessionLocal


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
async def db():
    async with AsyncSessionLocal() as session:
        yield session


@pytest.fixture
async def user(db):
    return await crud.create_user(db, "ada@example.com")
