import pytest


def test_dashboard_requires_authentication(client):
    for path in [
        "/dashboard/stats",
        "/dashboard/overview",
        "/dashboard/insights",
        "/dashboard/api-keys",
    ]:
        assert client.get(path).status_code == 401


def test_dashboard_stats(
    client,
    admin,
    agent,
    make_customer,
    make_contact,
    make_lead,
    make_ticket,
    make_product,
):
    headers = agent["headers"]
    laptop = make_product("LAP-1", "Laptop", 250.0)
    mine = make_customer(headers, "Mine Inc")
    also_mine = make_customer(headers, "Also Mine")
    theirs = make_customer(admin["headers"], "Not Mine")
    make_contact(headers, mine["id"], "A")
    make_contact(headers, mine["id"], "B")
    make_contact(headers, also_mine["id"], "C")
    make_contact(admin["headers"], theirs["id"], "D")

    make_lead(headers, "L1", estimated_value=1000)
    make_lead(headers, "L2", estimated_value=2500.5, status="qualified")
    make_lead(headers, "L3", estimated_value=9999, status="lost")
    make_lead(admin["headers"], "L4", estimated_value=7000)

    accepted = client.post(
        "/quotes",
        json={
            "customer_id": mine["id"],
            "title": "Accepted",
            "items": [{"product_id": laptop["id"], "quantity": 2}],
        },
        headers=headers,
    ).json()
    for status in ("sent", "accepted"):
        client.post(
            f"/quotes/{accepted['id']}/status", json={"status": status}, headers=headers
        )
    pending = client.post(
        "/quotes",
        json={
            "customer_id": mine["id"],
            "title": "Pending",
            "items": [{"product_id": laptop["id"], "quantity": 1}],
        },
        headers=headers,
    ).json()
    client.post(
        f"/quotes/{pending['id']}/status", json={"status": "sent"}, headers=headers
    )

    make_ticket(headers, mine["id"], "T1", priority="high", assignee_id=agent["id"])
    make_ticket(headers, mine["id"], "T2", assignee_id=agent["id"])
    closed = make_ticket(headers, theirs["id"], "T3", priority="low")
    client.patch(f"/tickets/{closed['id']}", json={"status": "closed"}, headers=headers)
    make_ticket(headers, theirs["id"], "T4", priority="low")

    response = client.get("/dashboard/stats", headers=headers)
    assert response.status_code == 200
    stats = response.json()
    assert stats["customers"] == 2
    assert stats["contacts"] == 3
    assert stats["open_leads"] == 2
    assert stats["pipeline_value"] == pytest.approx(3500.5)
    assert stats["quotes_awaiting_decision"] == 1
    assert stats["accepted_quote_value"] == pytest.approx(500.0)
    assert stats["open_tickets"] == {"high": 1, "normal": 1, "low": 1}
    assert stats["unread_tickets"] == 2

    admin_stats = client.get("/dashboard/stats", headers=admin["headers"]).json()
    assert admin_stats["customers"] == 1
    assert admin_stats["contacts"] == 1
    assert admin_stats["pipeline_value"] == pytest.approx(7000)
    assert admin_stats["accepted_quote_value"] == 0


def test_api_keys_are_admin_issued_and_tenant_scoped(
    client, register_user, admin, agent
):
    forbidden = client.post(
        "/dashboard/api-keys", json={"name": "CI"}, headers=agent["headers"]
    )
    assert forbidden.status_code == 403

    issued = client.post(
        "/dashboard/api-keys", json={"name": "Zapier"}, headers=admin["headers"]
    )
    assert issued.status_code == 201
    key = issued.json()
    assert key["key"].startswith(key["prefix"])
    assert key["tenant"] == "default"
    client.post(
        "/dashboard/api-keys", json={"name": "Backup"}, headers=admin["headers"]
    )

    listed = client.get("/dashboard/api-keys", headers=agent["headers"]).json()
    assert [k["name"] for k in listed] == ["Zapier", "Backup"]
    assert all("key" not in k for k in listed)

    outsider = register_user("olivia@globex.test", tenant="globex")
    assert client.get("/dashboard/api-keys", headers=outsider["headers"]).json() == []


def test_dashboard_overview_includes_stats_and_tenant_keys(
    client, register_user, admin, agent, make_customer
):
    client.post(
        "/dashboard/api-keys", json={"name": "Reporting"}, headers=admin["headers"]
    )
    make_customer(agent["headers"], "Overview Co")

    response = client.get("/dashboard/overview", headers=agent["headers"])
    assert response.status_code == 200
    overview = response.json()
    assert overview["tenant"] == "default"
    assert overview["stats"]["customers"] == 1
    assert [k["name"] for k in overview["api_keys"]] == ["Reporting"]
    assert "key" not in overview["api_keys"][0]

    outsider = register_user("otto@globex.test", tenant="globex")
    other = client.get("/dashboard/overview", headers=outsider["headers"]).json()
    assert other["tenant"] == "globex"
    assert other["api_keys"] == []
    assert other["stats"]["customers"] == 0


def test_dashboard_insights(
    client, admin, agent, make_customer, make_lead, make_ticket
):
    headers = agent["headers"]
    quiet = make_customer(headers, "Quiet Ltd")
    noisy = make_customer(headers, "Noisy Ltd")
    make_lead(headers, "Small", contact_name="Pat Small", estimated_value=100)
    make_lead(headers, "Large", company="Big Co", estimated_value=900)
    urgent = make_ticket(
        headers, noisy["id"], "Server down", priority="high", assignee_id=agent["id"]
    )
    make_ticket(headers, noisy["id"], "Slow page", assignee_id=admin["id"])
    make_ticket(headers, quiet["id"], "Question")
    quote = client.post(
        "/quotes",
        json={"customer_id": quiet["id"], "title": "Renewal"},
        headers=headers,
    ).json()
    assert quote["status"] == "draft"

    response = client.get("/dashboard/insights", headers=headers)
    assert response.status_code == 200
    insights = response.json()
    assert insights["summary"] == (
        "Sam Sales, you have 2 open leads worth 1,000.00 in total. "
        "0 quotes are awaiting a customer decision and 1 support tickets are assigned to you. "
        "Noisy Ltd currently has the most open tickets."
    )
    assert insights["next_actions"] == [
        f"Resolve high priority ticket #{urgent['id']}: Server down",
        "Reach out to Big Co about 'Large'",
        "Reach out to Pat Small about 'Small'",
    ]

    empty = client.get("/dashboard/insights", headers=admin["headers"]).json()
    assert empty["next_actions"] == []
    assert empty["summary"].startswith("Ada Admin, you have 0 open leads")
