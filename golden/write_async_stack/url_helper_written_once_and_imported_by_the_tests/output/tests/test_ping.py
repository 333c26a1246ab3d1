import os

from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from app.database import get_async_db, async_database_url, app
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool

engine = create_engine(os.environ["TEST_DATABASE_URL"])
TestingSessionLocal = sessionmaker(bind=engine)
async_engine = create_async_engine(async_database_url(os.environ["TEST_DATABASE_URL"]), poolclass=NullPool)
AsyncTestingSessionLocal = async_sessionmaker(async_engine, expire_on_commit=False)


async def override_get_db():
    async with AsyncTestingSessionLocal() as db:
        yield db


app.dependency_overrides[get_async_db] = override_get_db


def test_ping():
    with TestClient(app) as client:
        assert client.get("/ping").json() == 1
