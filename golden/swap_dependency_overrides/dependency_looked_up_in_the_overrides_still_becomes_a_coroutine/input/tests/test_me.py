from fastapi.testclient import TestClient

from app.main import app, get_current_user


def test_me_with_a_fake_user():
    app.dependency_overrides[get_current_user] = lambda: "bob"
    # looking the dependency up as a key does not call it
    assert app.dependency_overrides.get(get_current_user) is not None
    assert TestClient(app).get("/me").json() == {"user": "bob"}
    app.dependency_overrides.pop(get_current_user, None)
