def test_customers_require_authentication(client):
    assert client.get("/customers").status_code == 401
    assert client.post("/customers", json={"name": "Nope"}).status_code == 401


def test_create_customer_and_read_detail_with_contacts(
    client, agent, make_customer, make_contact
):
    headers = agent["headers"]
    customer = make_customer(headers, "Globex", city="Springfield", industry="Energy")
    assert customer["owner_id"] == agent["id"]
    make_contact(
        headers, customer["id"], "Hank", last_name="Scorpio", email="hank@globex.test"
    )
    make_contact(headers, customer["id"], "Frank", last_name="Grimes")

    response = client.get(f"/customers/{customer['id']}", headers=headers)
    assert response.status_code == 200
    detail = response.json()
    assert detail["name"] == "Globex"
    assert detail["city"] == "Springfield"
    assert [c["full_name"] for c in detail["contacts"]] == [
        "Hank Scorpio",
        "Frank Grimes",
    ]
    assert all(c["customer_id"] == customer["id"] for c in detail["contacts"])


def test_customer_without_contacts_has_empty_list(client, agent_headers, make_customer):
    customer = make_customer(agent_headers, "Initech")
    detail = client.get(f"/customers/{customer['id']}", headers=agent_headers).json()
    assert detail["contacts"] == []


def test_unknown_customer_returns_404(client, agent_headers):
    assert client.get("/customers/424242", headers=agent_headers).status_code == 404
    assert (
        client.put(
            "/customers/424242", json={"name": "X"}, headers=agent_headers
        ).status_code
        == 404
    )


def test_list_customers_paginates_and_filters_by_city(
    client, agent_headers, make_customer
):
    for name, city in [
        ("Delta", "Paris"),
        ("Alpha", "Paris"),
        ("Echo", "Berlin"),
        ("Charlie", "Paris"),
        ("Bravo", "Lyon"),
    ]:
        make_customer(agent_headers, name, city=city)

    page_one = client.get(
        "/customers", params={"city": "Paris", "size": 2}, headers=agent_headers
    ).json()
    assert page_one["total"] == 3
    assert page_one["pages"] == 2
    assert [c["name"] for c in page_one["items"]] == ["Alpha", "Charlie"]

    page_two = client.get(
        "/customers",
        params={"city": "Paris", "size": 2, "page": 2},
        headers=agent_headers,
    ).json()
    assert [c["name"] for c in page_two["items"]] == ["Delta"]

    everything = client.get("/customers", headers=agent_headers).json()
    assert everything["total"] == 5
    assert [c["name"] for c in everything["items"]] == [
        "Alpha",
        "Bravo",
        "Charlie",
        "Delta",
        "Echo",
    ]

    beyond = client.get("/customers", params={"page": 9}, headers=agent_headers).json()
    assert beyond["items"] == []
    assert beyond["total"] == 5


def test_list_only_my_customers_and_search(
    client, admin_headers, agent_headers, make_customer
):
    make_customer(admin_headers, "Umbrella Corp")
    make_customer(agent_headers, "Umbrella Insurance")
    make_customer(agent_headers, "Cyberdyne")

    mine = client.get("/customers", params={"mine": True}, headers=agent_headers).json()
    assert [c["name"] for c in mine["items"]] == ["Cyberdyne", "Umbrella Insurance"]

    found = client.get(
        "/customers", params={"q": "umbrella"}, headers=agent_headers
    ).json()
    assert found["total"] == 2


def test_customer_city_counts(client, agent_headers, make_customer):
    make_customer(agent_headers, "A", city="Oslo")
    make_customer(agent_headers, "B", city="Rome")
    make_customer(agent_headers, "C", city="Oslo")
    make_customer(agent_headers, "D", city="Madrid")
    make_customer(agent_headers, "E")

    response = client.get("/customers/cities", headers=agent_headers)
    assert response.status_code == 200
    assert response.json() == [
        {"city": "Oslo", "customers": 2},
        {"city": "Madrid", "customers": 1},
        {"city": "Rome", "customers": 1},
    ]


def test_update_customer(client, agent_headers, make_customer):
    customer = make_customer(agent_headers, "Hooli", city="Palo Alto")
    response = client.put(
        f"/customers/{customer['id']}",
        json={"city": "Mountain View", "phone": "+1 555 0100"},
        headers=agent_headers,
    )
    assert response.status_code == 200
    body = response.json()
    assert body["city"] == "Mountain View"
    assert body["phone"] == "+1 555 0100"
    assert body["name"] == "Hooli"


def test_only_owner_or_admin_can_delete_customer(
    client, register_user, admin_headers, agent_headers, make_customer, make_contact
):
    outsider = register_user("eve@acme.test")
    customer = make_customer(agent_headers, "Soylent")
    contact = make_contact(agent_headers, customer["id"], "Sol")
    other = make_customer(agent_headers, "Tyrell")

    forbidden = client.delete(
        f"/customers/{customer['id']}", headers=outsider["headers"]
    )
    assert forbidden.status_code == 403

    deleted = client.delete(f"/customers/{customer['id']}", headers=agent_headers)
    assert deleted.status_code == 204
    assert (
        client.get(f"/customers/{customer['id']}", headers=agent_headers).status_code
        == 404
    )
    assert (
        client.get(f"/contacts/{contact['id']}", headers=agent_headers).status_code
        == 404
    )

    by_admin = client.delete(f"/customers/{other['id']}", headers=admin_headers)
    assert by_admin.status_code == 204
    assert (
        client.delete(f"/customers/{other['id']}", headers=admin_headers).status_code
        == 404
    )


def test_export_lists_customers_with_their_owner(client, agent, make_customer):
    headers = agent["headers"]
    make_customer(headers, "Umbrella", city="Raccoon City")
    make_customer(headers, "Acme", city="Springfield")

    response = client.get("/customers/export", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    lines = response.text.splitlines()
    assert lines[0] == "name,city,owner"
    owner = "sam@acme.test"
    assert lines[1:] == [f"Acme,Springfield,{owner}", f"Umbrella,Raccoon City,{owner}"]

    only = client.get("/customers/export", params={"city": "Springfield"}, headers=headers)
    assert only.text.splitlines()[1:] == [f"Acme,Springfield,{owner}"]
