import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from app import database
from app.database import get_async_db
from app.main import app
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool

engine = create_engine("sqlite:///./test.db")
TestingSessionLocal = sessionmaker(bind=engine)
async_engine = create_async_engine("sqlite+aiosqlite:///./test.db", poolclass=NullPool)
AsyncTestingSessionLocal = async_sessionmaker(async_engine, expire_on_commit=False)


async def override_get_db():
    async with AsyncTestingSessionLocal() as db:
        yield db


@pytest.fixture
def client():
    app.dependency_overrides[get_async_db] = override_get_db
    yield TestClient(app)
    app.dependency_overrides.pop(get_async_db, None)


@pytest.fixture
def replaced():
    app.dependency_overrides = {database.get_async_db: override_get_db}
    yield
    app.dependency_overrides.update({get_async_db: override_get_db})
    del app.dependency_overrides[get_async_db]


def test_health(client):
    assert client.get("/health").json() == {"ok": True}
