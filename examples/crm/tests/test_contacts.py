def test_contacts_of_unknown_customer_404(client, agent_headers):
    assert (
        client.get("/customers/999/contacts", headers=agent_headers).status_code == 404
    )
    response = client.post(
        "/customers/999/contacts", json={"first_name": "Nobody"}, headers=agent_headers
    )
    assert response.status_code == 404


def test_contact_email_must_be_unique_per_customer(
    client, agent_headers, make_customer, make_contact
):
    acme = make_customer(agent_headers, "Acme")
    wayne = make_customer(agent_headers, "Wayne Enterprises")
    make_contact(agent_headers, acme["id"], "Wile", email="wile@example.test")

    duplicate = client.post(
        f"/customers/{acme['id']}/contacts",
        json={"first_name": "Road", "email": "WILE@example.test"},
        headers=agent_headers,
    )
    assert duplicate.status_code == 400

    elsewhere = make_contact(
        agent_headers, wayne["id"], "Wile", email="wile@example.test"
    )
    assert elsewhere["customer_id"] == wayne["id"]

    listed = client.get(
        f"/customers/{acme['id']}/contacts", headers=agent_headers
    ).json()
    assert [c["first_name"] for c in listed] == ["Wile"]


def test_search_contacts_by_customer_city_and_email(
    client, agent_headers, make_customer, make_contact
):
    lisbon = make_customer(agent_headers, "Tejo Lda", city="Lisbon")
    porto = make_customer(agent_headers, "Douro SA", city="Porto")
    a = make_contact(agent_headers, lisbon["id"], "Ana", email="ana@tejo.test")
    b = make_contact(agent_headers, lisbon["id"], "Bruno")
    make_contact(agent_headers, porto["id"], "Carla", email="carla@douro.test")

    in_lisbon = client.get(
        "/contacts", params={"city": "Lisbon"}, headers=agent_headers
    )
    assert [c["id"] for c in in_lisbon.json()] == [a["id"], b["id"]]

    by_email = client.get(
        "/contacts", params={"email": "Carla@Douro.test"}, headers=agent_headers
    ).json()
    assert [c["first_name"] for c in by_email] == ["Carla"]

    limited = client.get(
        "/contacts", params={"limit": 1, "skip": 1}, headers=agent_headers
    )
    assert [c["id"] for c in limited.json()] == [b["id"]]


def test_contact_detail_includes_customer_and_campaigns(
    client, agent_headers, make_customer, make_contact
):
    customer = make_customer(agent_headers, "Vandelay Industries", city="New York")
    contact = make_contact(agent_headers, customer["id"], "Art", last_name="Vandelay")
    client.post(
        "/campaigns",
        json={
            "name": "Spring import promo",
            "subject": "Latex deals",
            "body": "Hi!",
            "contact_ids": [contact["id"]],
        },
        headers=agent_headers,
    )

    response = client.get(f"/contacts/{contact['id']}", headers=agent_headers)
    assert response.status_code == 200
    detail = response.json()
    assert detail["full_name"] == "Art Vandelay"
    assert detail["customer"] == {
        "id": customer["id"],
        "name": "Vandelay Industries",
        "city": "New York",
    }
    assert [c["name"] for c in detail["campaigns"]] == ["Spring import promo"]


def test_delete_contact(client, agent_headers, make_customer, make_contact):
    customer = make_customer(agent_headers, "Kramerica")
    contact = make_contact(agent_headers, customer["id"], "Cosmo")
    assert (
        client.delete(f"/contacts/{contact['id']}", headers=agent_headers).status_code
        == 204
    )
    assert (
        client.get(f"/contacts/{contact['id']}", headers=agent_headers).status_code
        == 404
    )
    assert (
        client.delete(f"/contacts/{contact['id']}", headers=agent_headers).status_code
        == 404
    )
    detail = client.get(f"/customers/{customer['id']}", headers=agent_headers).json()
    assert detail["contacts"] == []
