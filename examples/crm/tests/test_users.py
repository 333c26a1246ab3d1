def test_listing_users_requires_admin(client, agent_headers):
    response = client.get("/users", headers=agent_headers)
    assert response.status_code == 403


def test_list_users_is_paginated(client, register_user, admin_headers):
    for i in range(4):
        register_user(f"user{i}@acme.test")
    first = client.get("/users", params={"page": 1, "size": 2}, headers=admin_headers)
    assert first.status_code == 200
    body = first.json()
    assert body["total"] == 5
    assert body["pages"] == 3
    assert body["page"] == 1
    assert [u["email"] for u in body["items"]] == ["ada@acme.test", "user0@acme.test"]

    last = client.get(
        "/users", params={"page": 3, "size": 2}, headers=admin_headers
    ).json()
    assert [u["email"] for u in last["items"]] == ["user3@acme.test"]


def test_search_users(client, register_user, admin_headers):
    register_user("grace@acme.test", full_name="Grace Hopper")
    register_user("linus@acme.test", full_name="Linus T")
    response = client.get("/users", params={"q": "hopper"}, headers=admin_headers)
    assert [u["email"] for u in response.json()["items"]] == ["grace@acme.test"]


def test_read_user_permissions(client, admin, agent):
    own = client.get(f"/users/{agent['id']}", headers=agent["headers"])
    assert own.status_code == 200
    other = client.get(f"/users/{admin['id']}", headers=agent["headers"])
    assert other.status_code == 403
    as_admin = client.get(f"/users/{agent['id']}", headers=admin["headers"])
    assert as_admin.json()["email"] == "sam@acme.test"
    missing = client.get("/users/9999", headers=admin["headers"])
    assert missing.status_code == 404


def test_deactivated_user_is_locked_out(client, admin_headers, agent):
    response = client.patch(
        f"/users/{agent['id']}", json={"is_active": False}, headers=admin_headers
    )
    assert response.status_code == 200
    assert response.json()["is_active"] is False

    assert client.get("/auth/me", headers=agent["headers"]).status_code == 403
    login = client.post(
        "/auth/login", json={"email": agent["email"], "password": agent["password"]}
    )
    assert login.status_code == 403


def test_admin_can_promote_but_not_demote_self(client, admin, agent):
    promoted = client.patch(
        f"/users/{agent['id']}", json={"is_admin": True}, headers=admin["headers"]
    )
    assert promoted.json()["is_admin"] is True
    assert client.get("/users", headers=agent["headers"]).status_code == 200

    demote_self = client.patch(
        f"/users/{admin['id']}", json={"is_admin": False}, headers=admin["headers"]
    )
    assert demote_self.status_code == 400
