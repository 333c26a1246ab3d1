def test_list_leads_combines_filters(client, admin, agent, make_lead):
    a1 = make_lead(
        agent["headers"], "Website revamp", source="web", estimated_value=5000
    )
    a2 = make_lead(
        agent["headers"], "ERP rollout", source="referral", estimated_value=50000
    )
    a3 = make_lead(
        agent["headers"], "Audit", source="web", estimated_value=800, status="contacted"
    )
    b1 = make_lead(admin["headers"], "Cloud move", source="web", estimated_value=12000)

    def ids(**params):
        response = client.get("/leads", params=params, headers=agent["headers"])
        assert response.status_code == 200
        return {lead["id"] for lead in response.json()}

    assert ids() == {a1["id"], a2["id"], a3["id"], b1["id"]}
    assert ids(status="new") == {a1["id"], a2["id"], b1["id"]}
    assert ids(owner_id=agent["id"]) == {a1["id"], a2["id"], a3["id"]}
    assert ids(status="new", owner_id=agent["id"]) == {a1["id"], a2["id"]}
    assert ids(source="web", min_value=1000) == {a1["id"], b1["id"]}
    assert ids(status="new", owner_id=agent["id"], source="web", min_value=1000) == {
        a1["id"]
    }


def test_lead_validation_and_404(client, agent_headers):
    bad = client.post(
        "/leads", json={"title": "X", "status": "won"}, headers=agent_headers
    )
    assert bad.status_code == 422
    assert (
        client.get(
            "/leads", params={"status": "won"}, headers=agent_headers
        ).status_code
        == 422
    )
    assert client.get("/leads/12345", headers=agent_headers).status_code == 404


def test_next_lead_returns_any_lead_with_status(client, agent_headers, make_lead):
    assert client.get("/leads/next", headers=agent_headers).status_code == 404

    contacted = make_lead(agent_headers, "Contacted one", status="contacted")
    new_ids = {make_lead(agent_headers, f"Fresh {i}")["id"] for i in range(3)}

    response = client.get("/leads/next", headers=agent_headers)
    assert response.status_code == 200
    assert response.json()["id"] in new_ids
    assert response.json()["status"] == "new"

    other = client.get(
        "/leads/next", params={"status": "contacted"}, headers=agent_headers
    )
    assert other.json()["id"] == contacted["id"]
    assert (
        client.get(
            "/leads/next", params={"status": "qualified"}, headers=agent_headers
        ).status_code
        == 404
    )


def test_bulk_status_update(client, agent_headers, make_lead):
    leads = [make_lead(agent_headers, f"Lead {i}") for i in range(4)]
    target = [leads[0]["id"], leads[2]["id"], leads[3]["id"]]

    response = client.post(
        "/leads/bulk-status",
        json={"lead_ids": target, "status": "qualified"},
        headers=agent_headers,
    )
    assert response.status_code == 200
    assert response.json() == {"count": 3}

    qualified = client.get(
        "/leads", params={"status": "qualified"}, headers=agent_headers
    )
    assert {lead["id"] for lead in qualified.json()} == set(target)
    untouched = client.get(f"/leads/{leads[1]['id']}", headers=agent_headers).json()
    assert untouched["status"] == "new"

    rejected = client.post(
        "/leads/bulk-status",
        json={"lead_ids": target, "status": "converted"},
        headers=agent_headers,
    )
    assert rejected.status_code == 400


def test_bulk_status_skips_converted_leads(client, agent_headers, make_lead):
    lead = make_lead(agent_headers, "Big deal", company="Stark Industries")
    other = make_lead(agent_headers, "Small deal")
    client.post(f"/leads/{lead['id']}/convert", headers=agent_headers)

    response = client.post(
        "/leads/bulk-status",
        json={"lead_ids": [lead["id"], other["id"]], "status": "lost"},
        headers=agent_headers,
    )
    assert response.json() == {"count": 1}
    assert (
        client.get(f"/leads/{lead['id']}", headers=agent_headers).json()["status"]
        == "converted"
    )


def test_purge_lost_leads(client, admin_headers, agent_headers, make_lead):
    keep = make_lead(agent_headers, "Keep me")
    lost = [make_lead(agent_headers, f"Gone {i}", status="lost") for i in range(2)]

    forbidden = client.delete(
        "/leads", params={"status": "lost"}, headers=agent_headers
    )
    assert forbidden.status_code == 403
    assert (
        client.delete(
            "/leads", params={"status": "new"}, headers=admin_headers
        ).status_code
        == 422
    )

    response = client.delete("/leads", params={"status": "lost"}, headers=admin_headers)
    assert response.status_code == 200
    assert response.json() == {"count": 2}

    remaining = client.get("/leads", headers=agent_headers).json()
    assert [lead["id"] for lead in remaining] == [keep["id"]]
    for lead in lost:
        assert (
            client.get(f"/leads/{lead['id']}", headers=agent_headers).status_code == 404
        )


def test_convert_lead_creates_customer_with_contact(client, agent, make_lead):
    headers = agent["headers"]
    lead = make_lead(
        headers,
        "Fleet renewal",
        company="Planet Express",
        contact_name="Hubert Farnsworth",
        email="hubert@planetexpress.test",
        city="New New York",
        estimated_value=25000,
    )

    response = client.post(f"/leads/{lead['id']}/convert", headers=headers)
    assert response.status_code == 201
    customer = response.json()
    assert customer["name"] == "Planet Express"
    assert customer["city"] == "New New York"
    assert customer["owner_id"] == agent["id"]
    assert len(customer["contacts"]) == 1
    assert customer["contacts"][0]["first_name"] == "Hubert"
    assert customer["contacts"][0]["last_name"] == "Farnsworth"
    assert customer["contacts"][0]["email"] == "hubert@planetexpress.test"

    converted = client.get(f"/leads/{lead['id']}", headers=headers).json()
    assert converted["status"] == "converted"
    assert converted["customer_id"] == customer["id"]

    again = client.post(f"/leads/{lead['id']}/convert", headers=headers)
    assert again.status_code == 400
    assert client.post("/leads/9999/convert", headers=headers).status_code == 404
