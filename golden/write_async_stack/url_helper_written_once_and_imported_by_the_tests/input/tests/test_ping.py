import os

from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from app.database import app, get_db

engine = create_engine(os.environ["TEST_DATABASE_URL"])
TestingSessionLocal = sessionmaker(bind=engine)


def override_get_db():
    with TestingSessionLocal() as db:
        yield db


app.dependency_overrides[get_db] = override_get_db


def test_ping():
    with TestClient(app) as client:
        assert client.get("/ping").json() == 1
