import os
import tempfile

from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from sql_app.database import Base
from sql_app.main import app, get_db

_FOLDER = tempfile.mkdtemp(prefix="tutorial-tests-")
SQLALCHEMY_DATABASE_URL = os.environ.get(
    "TUTORIAL_TEST_DATABASE_URL", "sqlite:///" + os.path.join(_FOLDER, "test.db")
)

connect_args = {"check_same_thread": False} if SQLALCHEMY_DATABASE_URL.startswith("sqlite") else {}
engine = create_engine(SQLALCHEMY_DATABASE_URL, connect_args=connect_args)
TestingSessionLocal = sessionmaker(autocommit=False, autoflush=False, bind=engine)

Base.metadata.drop_all(bind=engine)
Base.metadata.create_all(bind=engine)


def override_get_db():
    db = TestingSessionLocal()
    try:
        yield db
    finally:
        db.close()


app.dependency_overrides[get_db] = override_get_db

client = TestClient(app)


def test_create_and_read_user():
    response = client.post("/users/", json={"email": "deadpool@example.com", "password": "chimichangas4life"})
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["email"] == "deadpool@example.com"
    assert data["items"] == []
    user_id = data["id"]

    response = client.get(f"/users/{user_id}")
    assert response.status_code == 200, response.text
    assert response.json()["email"] == "deadpool@example.com"


def test_duplicate_email_is_refused():
    client.post("/users/", json={"email": "twice@example.com", "password": "x"})
    response = client.post("/users/", json={"email": "twice@example.com", "password": "y"})
    assert response.status_code == 400
    assert response.json()["detail"] == "Email already registered"


def test_missing_user_is_404():
    assert client.get("/users/999999").status_code == 404


def test_items_belong_to_their_owner():
    user = client.post("/users/", json={"email": "owner@example.com", "password": "pw"}).json()
    for title in ("first", "second"):
        response = client.post(f"/users/{user['id']}/items/", json={"title": title})
        assert response.status_code == 200, response.text
        assert response.json()["owner_id"] == user["id"]
    listed = client.get(f"/users/{user['id']}").json()
    assert [item["title"] for item in listed["items"]] == ["first", "second"]
    count = client.get(f"/users/{user['id']}/items/count").json()
    assert count == {"user_id": user["id"], "count": 2}


def test_items_for_a_missing_user_are_refused():
    response = client.post("/users/424242/items/", json={"title": "orphan"})
    assert response.status_code == 404


def test_users_and_items_are_listed_in_order():
    response = client.get("/users/", params={"limit": 1000})
    assert response.status_code == 200
    ids = [user["id"] for user in response.json()]
    assert ids == sorted(ids)
    items = client.get("/items/").json()
    assert [item["id"] for item in items] == sorted(item["id"] for item in items)
