def test_creating_products_requires_admin(client, agent_headers):
    response = client.post(
        "/products",
        json={"sku": "X-1", "name": "Widget", "unit_price": 5},
        headers=agent_headers,
    )
    assert response.status_code == 403


def test_duplicate_sku_is_rejected(client, admin_headers, make_product):
    created = make_product("wid-001", "Widget", 5.0)
    assert created["sku"] == "WID-001"
    duplicate = client.post(
        "/products",
        json={"sku": "WID-001", "name": "Other widget", "unit_price": 6},
        headers=admin_headers,
    )
    assert duplicate.status_code == 400
    assert duplicate.json()["detail"] == "SKU already exists"


def test_product_lookup_by_sku(client, agent_headers, make_product):
    product = make_product("GAD-9", "Gadget", 42.5, description="Does things")
    response = client.get("/products/sku/gad-9", headers=agent_headers)
    assert response.status_code == 200
    assert response.json()["id"] == product["id"]
    assert response.json()["suppliers"] == []
    assert client.get("/products/sku/NOPE", headers=agent_headers).status_code == 404
    assert client.get("/products/9999", headers=agent_headers).status_code == 404


def test_list_products_paginates_and_hides_inactive(
    client, admin_headers, agent_headers, make_product
):
    for sku in ["C-3", "A-1", "B-2", "D-4"]:
        make_product(sku, f"Item {sku}", 1.0)
    retired = make_product("E-5", "Retired", 1.0)
    patched = client.patch(
        f"/products/{retired['id']}", json={"is_active": False}, headers=admin_headers
    )
    assert patched.status_code == 200
    assert patched.json()["is_active"] is False

    page = client.get("/products", params={"size": 3}, headers=agent_headers).json()
    assert page["total"] == 4
    assert [p["sku"] for p in page["items"]] == ["A-1", "B-2", "C-3"]

    everything = client.get(
        "/products", params={"include_inactive": True}, headers=agent_headers
    ).json()
    assert everything["total"] == 5

    search = client.get("/products", params={"q": "d-4"}, headers=agent_headers).json()
    assert [p["sku"] for p in search["items"]] == ["D-4"]


def test_update_product_rejects_taken_sku(client, admin_headers, make_product):
    first = make_product("ONE", "One", 1.0)
    make_product("TWO", "Two", 2.0)
    clash = client.patch(
        f"/products/{first['id']}", json={"sku": "two"}, headers=admin_headers
    )
    assert clash.status_code == 400
    renamed = client.patch(
        f"/products/{first['id']}",
        json={"sku": "uno", "unit_price": 1.5},
        headers=admin_headers,
    )
    assert renamed.json()["sku"] == "UNO"
    assert renamed.json()["unit_price"] == 1.5


def test_inactive_product_cannot_be_quoted(
    client, admin_headers, agent_headers, make_product, make_customer
):
    product = make_product("OLD-1", "Old thing", 10.0)
    client.patch(
        f"/products/{product['id']}", json={"is_active": False}, headers=admin_headers
    )
    customer = make_customer(agent_headers, "Buyer")
    response = client.post(
        "/quotes",
        json={
            "customer_id": customer["id"],
            "title": "Try it",
            "items": [{"product_id": product["id"], "quantity": 1}],
        },
        headers=agent_headers,
    )
    assert response.status_code == 400
    assert "OLD-1" in response.json()["detail"]


def test_link_suppliers_to_products(client, admin_headers, agent_headers, make_product):
    bolt = make_product("BOLT", "Bolt", 0.1)
    nut = make_product("NUT", "Nut", 0.05)
    acme = client.post(
        "/suppliers",
        json={"name": "Acme Metals", "country": "us"},
        headers=agent_headers,
    ).json()
    bosch = client.post(
        "/suppliers", json={"name": "Bosch", "country": "DE"}, headers=agent_headers
    ).json()

    linked = client.post(
        f"/products/{bolt['id']}/suppliers/{acme['id']}", headers=admin_headers
    )
    assert linked.status_code == 200
    client.post(
        f"/products/{bolt['id']}/suppliers/{bosch['id']}", headers=admin_headers
    )
    client.post(f"/products/{nut['id']}/suppliers/{acme['id']}", headers=admin_headers)

    detail = client.get(f"/products/{bolt['id']}", headers=agent_headers).json()
    assert [s["name"] for s in detail["suppliers"]] == ["Acme Metals", "Bosch"]

    supplier = client.get(f"/suppliers/{acme['id']}", headers=agent_headers).json()
    assert [p["sku"] for p in supplier["products"]] == ["BOLT", "NUT"]

    again = client.post(
        f"/products/{bolt['id']}/suppliers/{acme['id']}", headers=admin_headers
    )
    assert again.status_code == 400
    assert (
        client.post(
            f"/products/{bolt['id']}/suppliers/999", headers=admin_headers
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/products/{bolt['id']}/suppliers/{acme['id']}", headers=agent_headers
        ).status_code
        == 403
    )
