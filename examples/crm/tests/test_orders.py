import pytest


@pytest.fixture()
def catalog(make_product):
    return {
        "laptop": make_product("LAP-100", "Laptop", 100.0),
        "mouse": make_product("MOU-200", "Mouse", 19.99),
    }


@pytest.fixture()
def hardware(catalog):
    return [
        {"product_id": catalog["laptop"]["id"], "quantity": 2},
        {
            "product_id": catalog["mouse"]["id"],
            "quantity": 10,
            "description": "Wireless mice",
        },
    ]


def test_order_from_accepted_quote_copies_its_lines(
    client, agent, make_customer, make_accepted_quote, catalog, hardware
):
    headers = agent["headers"]
    customer = make_customer(headers, "Aperture Science", city="Cleveland")
    quote = make_accepted_quote(headers, customer["id"], hardware, discount_percent=10)

    response = client.post("/orders", json={"quote_id": quote["id"]}, headers=headers)
    assert response.status_code == 201, response.text
    order = response.json()
    assert order["number"] == f"SO-{order['id']:05d}"
    assert order["status"] == "pending"
    assert order["quote_id"] == quote["id"]
    assert order["discount_percent"] == 10
    assert order["shipped_at"] is None
    assert order["customer"] == {
        "id": customer["id"],
        "name": "Aperture Science",
        "city": "Cleveland",
    }
    assert order["created_by"] == {
        "id": agent["id"],
        "email": "sam@acme.test",
        "full_name": "Sam Sales",
    }
    assert [
        (line["product"]["sku"], line["description"], line["quantity"])
        for line in order["lines"]
    ] == [("LAP-100", "Laptop", 2), ("MOU-200", "Wireless mice", 10)]
    assert order["lines"][1]["product"] == {
        "id": catalog["mouse"]["id"],
        "sku": "MOU-200",
        "name": "Mouse",
    }
    assert order["lines"][1]["unit_price"] == pytest.approx(18.99)
    assert order["lines"][1]["line_total"] == pytest.approx(189.9)

    assert client.get(f"/orders/{order['id']}", headers=headers).json() == order

    totals = client.get(f"/orders/{order['id']}/totals", headers=headers).json()
    quoted = client.get(f"/quotes/{quote['id']}/totals", headers=headers).json()
    assert totals["order_id"] == order["id"]
    assert totals["line_count"] == quoted["item_count"] == 2
    for key in ("subtotal", "discount", "tax", "total"):
        assert totals[key] == pytest.approx(quoted[key])
    assert totals["total"] == pytest.approx(421.09)


def test_only_accepted_quotes_become_orders_and_only_once(
    client, agent_headers, make_customer, make_accepted_quote, hardware
):
    customer = make_customer(agent_headers, "Black Mesa")
    draft = client.post(
        "/quotes",
        json={"customer_id": customer["id"], "title": "Draft", "items": hardware},
        headers=agent_headers,
    ).json()
    refused = client.post(
        "/orders", json={"quote_id": draft["id"]}, headers=agent_headers
    )
    assert refused.status_code == 400
    assert refused.json()["detail"] == "Only accepted quotes can be turned into orders"
    assert (
        client.post(
            "/orders", json={"quote_id": 999}, headers=agent_headers
        ).status_code
        == 404
    )

    quote = make_accepted_quote(agent_headers, customer["id"], hardware)
    first = client.post(
        "/orders", json={"quote_id": quote["id"]}, headers=agent_headers
    )
    assert first.status_code == 201
    again = client.post(
        "/orders", json={"quote_id": quote["id"]}, headers=agent_headers
    )
    assert again.status_code == 400
    assert again.json()["detail"] == "An order already exists for this quote"
    assert client.get("/orders", headers=agent_headers).json()["total"] == 1


def test_order_status_workflow(
    client, agent_headers, make_customer, make_order, catalog, hardware
):
    customer = make_customer(agent_headers, "Oscorp")
    order = make_order(agent_headers, customer["id"], hardware)
    url = f"/orders/{order['id']}/status"

    skip_ahead = client.post(url, json={"status": "shipped"}, headers=agent_headers)
    assert skip_ahead.status_code == 400
    assert skip_ahead.json()["detail"] == (
        "Cannot change order status from pending to shipped"
    )
    confirmed = client.post(url, json={"status": "confirmed"}, headers=agent_headers)
    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == "confirmed"

    locked = client.post(
        f"/orders/{order['id']}/lines",
        json={"product_id": catalog["mouse"]["id"]},
        headers=agent_headers,
    )
    assert locked.status_code == 400

    shipped = client.post(url, json={"status": "shipped"}, headers=agent_headers)
    assert shipped.json()["status"] == "shipped"
    assert shipped.json()["shipped_at"] is not None
    delivered = client.post(url, json={"status": "delivered"}, headers=agent_headers)
    assert delivered.json()["status"] == "delivered"
    assert (
        client.post(
            url, json={"status": "cancelled"}, headers=agent_headers
        ).status_code
        == 400
    )
    assert (
        client.post(url, json={"status": "pending"}, headers=agent_headers).status_code
        == 422
    )
    assert (
        client.post(
            "/orders/999/status", json={"status": "confirmed"}, headers=agent_headers
        ).status_code
        == 404
    )
    assert client.get("/orders/999/totals", headers=agent_headers).status_code == 404


def test_lines_change_only_while_pending(
    client, agent_headers, make_customer, make_order, catalog, hardware
):
    customer = make_customer(agent_headers, "Initech")
    order = make_order(agent_headers, customer["id"], hardware)
    lines_url = f"/orders/{order['id']}/lines"

    added = client.post(
        lines_url,
        json={"product_id": catalog["mouse"]["id"], "quantity": 50},
        headers=agent_headers,
    )
    assert added.status_code == 201
    assert added.json()["unit_price"] == pytest.approx(17.99)
    assert added.json()["product"]["sku"] == "MOU-200"
    assert added.json()["description"] == "Mouse"
    unknown = client.post(
        lines_url, json={"product_id": 999, "quantity": 1}, headers=agent_headers
    )
    assert unknown.status_code == 400
    assert "999" in unknown.json()["detail"]

    totals = client.get(f"/orders/{order['id']}/totals", headers=agent_headers).json()
    assert totals["line_count"] == 3
    assert totals["subtotal"] == pytest.approx(389.9 + 899.5)

    first_line = order["lines"][0]["id"]
    removed = client.delete(f"{lines_url}/{first_line}", headers=agent_headers)
    assert removed.status_code == 204
    assert (
        client.delete(f"{lines_url}/{first_line}", headers=agent_headers).status_code
        == 404
    )
    detail = client.get(f"/orders/{order['id']}", headers=agent_headers).json()
    assert [line["quantity"] for line in detail["lines"]] == [10, 50]

    other = make_order(agent_headers, customer["id"], hardware)
    foreign = client.delete(
        f"{lines_url}/{other['lines'][0]['id']}", headers=agent_headers
    )
    assert foreign.status_code == 404

    client.post(
        f"/orders/{order['id']}/status",
        json={"status": "confirmed"},
        headers=agent_headers,
    )
    frozen = client.delete(
        f"{lines_url}/{detail['lines'][0]['id']}", headers=agent_headers
    )
    assert frozen.status_code == 400


def test_bulk_confirm_skips_empty_and_non_pending_orders(
    client, agent_headers, make_customer, make_order, hardware
):
    customer = make_customer(agent_headers, "Umbrella")
    ready = make_order(agent_headers, customer["id"], hardware)
    empty = make_order(agent_headers, customer["id"], hardware[:1])
    client.delete(
        f"/orders/{empty['id']}/lines/{empty['lines'][0]['id']}",
        headers=agent_headers,
    )
    cancelled = make_order(agent_headers, customer["id"], hardware)
    client.post(
        f"/orders/{cancelled['id']}/status",
        json={"status": "cancelled"},
        headers=agent_headers,
    )
    refused = client.post(
        f"/orders/{empty['id']}/status",
        json={"status": "confirmed"},
        headers=agent_headers,
    )
    assert refused.status_code == 400

    ids = [ready["id"], empty["id"], cancelled["id"], 999]
    response = client.post(
        "/orders/confirm", json={"order_ids": ids}, headers=agent_headers
    )
    assert response.status_code == 200
    assert response.json() == {"count": 1}

    statuses = {
        o["id"]: o["status"]
        for o in client.get("/orders", headers=agent_headers).json()["items"]
    }
    assert statuses == {
        ready["id"]: "confirmed",
        empty["id"]: "pending",
        cancelled["id"]: "cancelled",
    }
    assert client.post(
        "/orders/confirm", json={"order_ids": ids}, headers=agent_headers
    ).json() == {"count": 0}
    assert (
        client.post(
            "/orders/confirm", json={"order_ids": []}, headers=agent_headers
        ).status_code
        == 422
    )


def test_list_orders_paginated_and_filtered(
    client, agent_headers, make_customer, make_order, hardware
):
    first = make_customer(agent_headers, "First")
    second = make_customer(agent_headers, "Second")
    mine = [make_order(agent_headers, first["id"], hardware) for _ in range(3)]
    other = make_order(agent_headers, second["id"], hardware, confirm=True)

    page = client.get(
        "/orders", params={"customer_id": first["id"], "size": 2}, headers=agent_headers
    ).json()
    assert page["total"] == 3
    assert page["pages"] == 2
    assert [o["id"] for o in page["items"]] == [mine[2]["id"], mine[1]["id"]]
    last = client.get(
        "/orders",
        params={"customer_id": first["id"], "size": 2, "page": 2},
        headers=agent_headers,
    ).json()
    assert [o["number"] for o in last["items"]] == [mine[0]["number"]]

    confirmed = client.get(
        "/orders", params={"status": "confirmed"}, headers=agent_headers
    ).json()
    assert [o["id"] for o in confirmed["items"]] == [other["id"]]
    assert (
        client.get(
            "/orders", params={"status": "lost"}, headers=agent_headers
        ).status_code
        == 422
    )
    assert client.get("/orders").status_code == 401
    assert client.get(f"/orders/{other['id']}").status_code == 401
