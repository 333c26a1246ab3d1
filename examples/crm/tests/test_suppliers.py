def test_create_and_filter_suppliers(client, agent_headers):
    for name, country in [("Zeta", "FR"), ("Alpha", "fr"), ("Beta", "IT")]:
        response = client.post(
            "/suppliers", json={"name": name, "country": country}, headers=agent_headers
        )
        assert response.status_code == 201
    assert (
        client.post(
            "/suppliers", json={"name": "Bad", "country": "FRA"}, headers=agent_headers
        ).status_code
        == 422
    )

    everyone = client.get("/suppliers", headers=agent_headers).json()
    assert [s["name"] for s in everyone] == ["Alpha", "Beta", "Zeta"]

    french = client.get(
        "/suppliers", params={"country": "fr"}, headers=agent_headers
    ).json()
    assert [(s["name"], s["country"]) for s in french] == [
        ("Alpha", "FR"),
        ("Zeta", "FR"),
    ]

    assert client.get("/suppliers/999", headers=agent_headers).status_code == 404
    assert client.get("/suppliers").status_code == 401


def test_delete_supplier_is_admin_only_and_unlinks_products(
    client, admin_headers, agent_headers, make_product
):
    product = make_product("CHIP", "Chip", 3.0)
    supplier = client.post(
        "/suppliers", json={"name": "Fab Inc"}, headers=agent_headers
    ).json()
    client.post(
        f"/products/{product['id']}/suppliers/{supplier['id']}", headers=admin_headers
    )

    assert (
        client.delete(f"/suppliers/{supplier['id']}", headers=agent_headers).status_code
        == 403
    )
    assert (
        client.delete(f"/suppliers/{supplier['id']}", headers=admin_headers).status_code
        == 204
    )
    assert (
        client.delete(f"/suppliers/{supplier['id']}", headers=admin_headers).status_code
        == 404
    )

    detail = client.get(f"/products/{product['id']}", headers=agent_headers).json()
    assert detail["suppliers"] == []
