import pytest

from app.database import SessionLocal


@pytest.fixture(scope="session")
def db():
    yield SessionLocal()
