def test_health(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_first_registered_user_becomes_admin(client):
    response = client.post(
        "/auth/register",
        json={"email": " Ada@Acme.test ", "password": "correct-horse-battery"},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["email"] == "ada@acme.test"
    assert body["is_admin"] is True
    assert body["is_active"] is True
    assert "hashed_password" not in body
    assert "password" not in body


def test_later_users_are_not_admins(agent):
    assert agent["is_admin"] is False
    assert agent["tenant"] == "default"


def test_register_duplicate_email_is_rejected(client, admin):
    response = client.post(
        "/auth/register", json={"email": "ADA@acme.test", "password": admin["password"]}
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Email already registered"


def test_register_validates_payload(client):
    short = client.post(
        "/auth/register", json={"email": "x@acme.test", "password": "short"}
    )
    assert short.status_code == 422
    bad_email = client.post(
        "/auth/register", json={"email": "nope", "password": "long-enough-password"}
    )
    assert bad_email.status_code == 422


def test_login_with_wrong_password_fails(client, admin):
    response = client.post(
        "/auth/login", json={"email": "ada@acme.test", "password": "wrong-password"}
    )
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_login_with_unknown_email_fails(client):
    response = client.post(
        "/auth/login", json={"email": "ghost@acme.test", "password": "whatever-it-is"}
    )
    assert response.status_code == 401


def test_me_requires_a_token(client):
    assert client.get("/auth/me").status_code == 401


def test_me_rejects_a_tampered_token(client, admin):
    body, signature = admin["token"].split(".")
    forged = {"Authorization": f"Bearer {body}.{signature[::-1]}"}
    assert client.get("/auth/me", headers=forged).status_code == 401
    garbage = {"Authorization": "Bearer not-a-token"}
    assert client.get("/auth/me", headers=garbage).status_code == 401


def test_me_returns_the_current_user(client, agent):
    response = client.get("/auth/me", headers=agent["headers"])
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == agent["id"]
    assert body["email"] == "sam@acme.test"
    assert body["full_name"] == "Sam Sales"
