import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from app import database
from app.database import get_db
from app.main import app

engine = create_engine("sqlite:///./test.db")
TestingSessionLocal = sessionmaker(bind=engine)


def override_get_db():
    db = TestingSessionLocal()
    try:
        yield db
    finally:
        db.close()


@pytest.fixture
def client():
    app.dependency_overrides[get_db] = override_get_db
    yield TestClient(app)
    app.dependency_overrides.pop(get_db, None)


@pytest.fixture
def replaced():
    app.dependency_overrides = {database.get_db: override_get_db}
    yield
    app.dependency_overrides.update({get_db: override_get_db})
    del app.dependency_overrides[get_db]


def test_health(client):
    assert client.get("/health").json() == {"ok": True}
