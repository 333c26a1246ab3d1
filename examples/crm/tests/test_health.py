def test_database_health(client):
    response = client.get("/health/db")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["dialect"] in {"sqlite", "postgresql"}


def test_database_health_with_a_delay(client):
    response = client.get("/health/db", params={"delay": 0.01})
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_database_health_needs_no_token(client):
    response = client.get("/health/db", headers={"Authorization": "Bearer not-a-token"})
    assert response.status_code == 200


def test_database_health_rejects_a_bad_delay(client):
    assert client.get("/health/db", params={"delay": -1}).status_code == 422
    assert client.get("/health/db", params={"delay": 60}).status_code == 422
    assert client.get("/health/db", params={"delay": "soon"}).status_code == 422
