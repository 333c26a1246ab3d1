import pytest

from app import crud
from app.database import SessionLocal


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
def db():
    with SessionLocal() as session:
        yield session


@pytest.fixture
def user(db):
    return crud.create_user(db, "ada@example.com")
