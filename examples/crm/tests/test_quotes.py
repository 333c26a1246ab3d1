import pytest


@pytest.fixture()
def catalog(make_product):
    return {
        "laptop": make_product("LAP-100", "Laptop", 100.0),
        "mouse": make_product("MOU-200", "Mouse", 19.99),
    }


def test_create_quote_returns_items_and_customer(client, agent, make_customer, catalog):
    customer = make_customer(agent["headers"], "Aperture Science", city="Cleveland")
    response = client.post(
        "/quotes",
        json={
            "customer_id": customer["id"],
            "title": "Lab refresh",
            "discount_percent": 10,
            "items": [
                {"product_id": catalog["laptop"]["id"], "quantity": 2},
                {
                    "product_id": catalog["mouse"]["id"],
                    "quantity": 10,
                    "description": "Wireless mice",
                },
            ],
        },
        headers=agent["headers"],
    )
    assert response.status_code == 201, response.text
    quote = response.json()
    assert quote["status"] == "draft"
    assert quote["created_by_id"] == agent["id"]
    assert quote["customer"]["name"] == "Aperture Science"
    assert quote["customer"]["city"] == "Cleveland"
    assert [item["description"] for item in quote["items"]] == [
        "Laptop",
        "Wireless mice",
    ]
    assert quote["items"][0]["unit_price"] == pytest.approx(100.0)
    assert quote["items"][1]["unit_price"] == pytest.approx(18.99)
    assert quote["items"][1]["line_total"] == pytest.approx(189.9)

    fetched = client.get(f"/quotes/{quote['id']}", headers=agent["headers"]).json()
    assert fetched == quote


def test_quote_totals(client, agent_headers, make_customer, catalog):
    customer = make_customer(agent_headers, "Black Mesa")
    quote = client.post(
        "/quotes",
        json={
            "customer_id": customer["id"],
            "title": "Hardware",
            "discount_percent": 10,
            "items": [
                {"product_id": catalog["laptop"]["id"], "quantity": 2},
                {"product_id": catalog["mouse"]["id"], "quantity": 10},
            ],
        },
        headers=agent_headers,
    ).json()

    totals = client.get(f"/quotes/{quote['id']}/totals", headers=agent_headers)
    assert totals.status_code == 200
    body = totals.json()
    assert body["quote_id"] == quote["id"]
    assert body["item_count"] == 2
    assert body["subtotal"] == pytest.approx(389.9)
    assert body["discount"] == pytest.approx(38.99)
    assert body["tax"] == pytest.approx(70.18)
    assert body["total"] == pytest.approx(421.09)

    added = client.post(
        f"/quotes/{quote['id']}/items",
        json={"product_id": catalog["mouse"]["id"], "quantity": 1},
        headers=agent_headers,
    )
    assert added.status_code == 201
    assert added.json()["unit_price"] == pytest.approx(19.99)
    updated = client.get(f"/quotes/{quote['id']}/totals", headers=agent_headers).json()
    assert updated["item_count"] == 3
    assert updated["subtotal"] == pytest.approx(409.89)


def test_empty_quote_totals_are_zero(client, agent_headers, make_customer):
    customer = make_customer(agent_headers, "Empty Co")
    quote = client.post(
        "/quotes",
        json={"customer_id": customer["id"], "title": "Nothing yet"},
        headers=agent_headers,
    ).json()
    totals = client.get(f"/quotes/{quote['id']}/totals", headers=agent_headers).json()
    assert totals["subtotal"] == 0
    assert totals["total"] == 0
    assert totals["item_count"] == 0


def test_quote_with_unknown_product_is_not_saved(
    client, agent_headers, make_customer, catalog
):
    customer = make_customer(agent_headers, "Wonka")
    response = client.post(
        "/quotes",
        json={
            "customer_id": customer["id"],
            "title": "Broken",
            "items": [
                {"product_id": catalog["laptop"]["id"], "quantity": 1},
                {"product_id": 9999, "quantity": 1},
            ],
        },
        headers=agent_headers,
    )
    assert response.status_code == 400
    assert "9999" in response.json()["detail"]
    assert client.get("/quotes", headers=agent_headers).json()["total"] == 0

    unknown_customer = client.post(
        "/quotes", json={"customer_id": 9999, "title": "Ghost"}, headers=agent_headers
    )
    assert unknown_customer.status_code == 404


def test_quote_status_workflow(client, agent_headers, make_customer, catalog):
    customer = make_customer(agent_headers, "Oscorp")
    quote = client.post(
        "/quotes",
        json={"customer_id": customer["id"], "title": "Gliders"},
        headers=agent_headers,
    ).json()
    url = f"/quotes/{quote['id']}/status"

    empty_send = client.post(url, json={"status": "sent"}, headers=agent_headers)
    assert empty_send.status_code == 400

    client.post(
        f"/quotes/{quote['id']}/items",
        json={"product_id": catalog["laptop"]["id"], "quantity": 1},
        headers=agent_headers,
    )
    skip_ahead = client.post(url, json={"status": "accepted"}, headers=agent_headers)
    assert skip_ahead.status_code == 400

    sent = client.post(url, json={"status": "sent"}, headers=agent_headers)
    assert sent.status_code == 200
    assert sent.json()["status"] == "sent"

    locked = client.post(
        f"/quotes/{quote['id']}/items",
        json={"product_id": catalog["mouse"]["id"], "quantity": 1},
        headers=agent_headers,
    )
    assert locked.status_code == 400

    accepted = client.post(url, json={"status": "accepted"}, headers=agent_headers)
    assert accepted.json()["status"] == "accepted"
    assert (
        client.post(url, json={"status": "rejected"}, headers=agent_headers).status_code
        == 400
    )
    assert (
        client.post(url, json={"status": "draft"}, headers=agent_headers).status_code
        == 422
    )
    assert client.get("/quotes/9999/totals", headers=agent_headers).status_code == 404


def test_list_quotes_paginated_and_filtered(client, agent_headers, make_customer):
    first = make_customer(agent_headers, "First")
    second = make_customer(agent_headers, "Second")
    created = []
    for i in range(3):
        created.append(
            client.post(
                "/quotes",
                json={"customer_id": first["id"], "title": f"Q{i}"},
                headers=agent_headers,
            ).json()
        )
    client.post(
        "/quotes",
        json={"customer_id": second["id"], "title": "Other"},
        headers=agent_headers,
    )

    page = client.get(
        "/quotes", params={"customer_id": first["id"], "size": 2}, headers=agent_headers
    ).json()
    assert page["total"] == 3
    assert page["pages"] == 2
    assert [q["title"] for q in page["items"]] == ["Q2", "Q1"]

    drafts = client.get(
        "/quotes", params={"status": "draft"}, headers=agent_headers
    ).json()
    assert drafts["total"] == 4
    sent = client.get(
        "/quotes", params={"status": "sent"}, headers=agent_headers
    ).json()
    assert sent["total"] == 0
    assert sent["pages"] == 0
