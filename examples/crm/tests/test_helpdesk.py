def test_ticket_lifecycle_with_comments(client, admin, agent, make_customer):
    customer = make_customer(agent["headers"], "Prestige Worldwide", city="Catalina")
    created = client.post(
        "/tickets",
        json={
            "customer_id": customer["id"],
            "subject": "Boats and hoes",
            "description": "Invoice is wrong",
            "priority": "high",
            "assignee_id": agent["id"],
        },
        headers=admin["headers"],
    )
    assert created.status_code == 201
    ticket = created.json()
    assert ticket["status"] == "open"
    assert ticket["is_read"] is False

    url = f"/tickets/{ticket['id']}"
    first = client.post(
        f"{url}/comments", json={"body": "Looking into it"}, headers=agent["headers"]
    )
    assert first.status_code == 201
    assert first.json()["author"]["email"] == "sam@acme.test"
    client.post(
        f"{url}/comments",
        json={"body": "Escalated to billing", "is_internal": True},
        headers=admin["headers"],
    )

    detail = client.get(url, headers=agent["headers"]).json()
    assert detail["customer"] == {
        "id": customer["id"],
        "name": "Prestige Worldwide",
        "city": "Catalina",
    }
    assert detail["assignee_email"] == "sam@acme.test"
    assert [(c["body"], c["is_internal"]) for c in detail["comments"]] == [
        ("Looking into it", False),
        ("Escalated to billing", True),
    ]
    assert [c["author"]["full_name"] for c in detail["comments"]] == [
        "Sam Sales",
        "Ada Admin",
    ]

    closed = client.patch(url, json={"status": "closed"}, headers=agent["headers"])
    assert closed.status_code == 200
    assert closed.json()["status"] == "closed"
    assert closed.json()["closed_at"] is not None

    late = client.post(
        f"{url}/comments", json={"body": "One more"}, headers=agent["headers"]
    )
    assert late.status_code == 400

    reopened = client.patch(url, json={"status": "open"}, headers=agent["headers"])
    assert reopened.json()["closed_at"] is None


def test_unassigned_ticket_has_no_assignee_email(
    client, agent_headers, make_customer, make_ticket
):
    customer = make_customer(agent_headers, "Dunder Mifflin")
    ticket = make_ticket(agent_headers, customer["id"], "Paper jam")
    detail = client.get(f"/tickets/{ticket['id']}", headers=agent_headers).json()
    assert detail["assignee_email"] is None
    assert detail["comments"] == []


def test_ticket_validation(client, agent_headers, make_customer, make_ticket):
    customer = make_customer(agent_headers, "Sabre")
    unknown_customer = client.post(
        "/tickets", json={"customer_id": 999, "subject": "?"}, headers=agent_headers
    )
    assert unknown_customer.status_code == 404
    unknown_assignee = client.post(
        "/tickets",
        json={"customer_id": customer["id"], "subject": "?", "assignee_id": 999},
        headers=agent_headers,
    )
    assert unknown_assignee.status_code == 400
    bad_priority = client.post(
        "/tickets",
        json={"customer_id": customer["id"], "subject": "?", "priority": "urgent"},
        headers=agent_headers,
    )
    assert bad_priority.status_code == 422
    ticket = make_ticket(agent_headers, customer["id"], "Printer")
    assert (
        client.patch(
            f"/tickets/{ticket['id']}", json={"assignee_id": 999}, headers=agent_headers
        ).status_code
        == 400
    )
    assert client.get("/tickets/999", headers=agent_headers).status_code == 404


def test_list_tickets_with_filters(client, admin, agent, make_customer, make_ticket):
    headers = agent["headers"]
    one = make_customer(headers, "One")
    two = make_customer(headers, "Two")
    t1 = make_ticket(headers, one["id"], "A", priority="high", assignee_id=agent["id"])
    t2 = make_ticket(headers, one["id"], "B", assignee_id=admin["id"])
    t3 = make_ticket(headers, two["id"], "C", priority="high")
    client.patch(f"/tickets/{t3['id']}", json={"status": "pending"}, headers=headers)

    def ids(**params):
        return [
            t["id"]
            for t in client.get("/tickets", params=params, headers=headers).json()
        ]

    assert ids() == [t1["id"], t2["id"], t3["id"]]
    assert ids(priority="high") == [t1["id"], t3["id"]]
    assert ids(customer_id=one["id"]) == [t1["id"], t2["id"]]
    assert ids(assignee_id=admin["id"]) == [t2["id"]]
    assert ids(status="pending") == [t3["id"]]
    assert ids(status="open", priority="high") == [t1["id"]]


def test_mark_all_assigned_tickets_read(
    client, admin, agent, make_customer, make_ticket
):
    customer = make_customer(admin["headers"], "Initrode")
    mine = [
        make_ticket(
            admin["headers"], customer["id"], f"Issue {i}", assignee_id=agent["id"]
        )
        for i in range(2)
    ]
    theirs = make_ticket(
        admin["headers"], customer["id"], "Admin issue", assignee_id=admin["id"]
    )

    response = client.post("/tickets/mark-read", headers=agent["headers"])
    assert response.status_code == 200
    assert response.json() == {"count": 2}

    listed = client.get("/tickets", headers=agent["headers"]).json()
    read_flags = {t["id"]: t["is_read"] for t in listed}
    assert read_flags == {mine[0]["id"]: True, mine[1]["id"]: True, theirs["id"]: False}

    assert client.post("/tickets/mark-read", headers=agent["headers"]).json() == {
        "count": 0
    }

    client.post(
        f"/tickets/{mine[0]['id']}/comments",
        json={"body": "Any news?"},
        headers=admin["headers"],
    )
    refreshed = client.get(f"/tickets/{mine[0]['id']}", headers=agent["headers"]).json()
    assert refreshed["is_read"] is False
