import pytest


@pytest.fixture()
def audience(agent_headers, make_customer, make_contact):
    customer = make_customer(agent_headers, "Massive Dynamic")
    return [
        make_contact(agent_headers, customer["id"], "Nina", email="nina@massive.test"),
        make_contact(
            agent_headers, customer["id"], "William", email="william@massive.test"
        ),
        make_contact(agent_headers, customer["id"], "Walter"),
    ]


def test_create_campaign_with_contacts(client, agent, audience):
    response = client.post(
        "/campaigns",
        json={
            "name": "Product launch",
            "subject": "Meet the new thing",
            "body": "It is great.",
            "contact_ids": [audience[1]["id"], audience[0]["id"], audience[1]["id"]],
        },
        headers=agent["headers"],
    )
    assert response.status_code == 201, response.text
    campaign = response.json()
    assert campaign["status"] == "draft"
    assert campaign["created_by_id"] == agent["id"]
    assert [c["first_name"] for c in campaign["contacts"]] == ["Nina", "William"]

    listed = client.get("/campaigns", headers=agent["headers"]).json()
    assert [c["name"] for c in listed] == ["Product launch"]
    assert "contacts" not in listed[0]


def test_add_contacts_to_campaign(client, agent_headers, audience):
    campaign = client.post(
        "/campaigns",
        json={"name": "Newsletter", "subject": "News", "body": "..."},
        headers=agent_headers,
    ).json()
    assert campaign["contacts"] == []

    url = f"/campaigns/{campaign['id']}/contacts"
    missing = client.post(
        url, json={"contact_ids": [audience[0]["id"], 9999]}, headers=agent_headers
    )
    assert missing.status_code == 404
    assert "9999" in missing.json()["detail"]

    added = client.post(
        url,
        json={"contact_ids": [audience[2]["id"], audience[0]["id"]]},
        headers=agent_headers,
    )
    assert added.status_code == 200
    assert [c["first_name"] for c in added.json()["contacts"]] == ["Nina", "Walter"]

    again = client.post(
        url,
        json={"contact_ids": [audience[0]["id"], audience[1]["id"]]},
        headers=agent_headers,
    )
    assert [c["first_name"] for c in again.json()["contacts"]] == [
        "Nina",
        "William",
        "Walter",
    ]

    contact = client.get(f"/contacts/{audience[0]['id']}", headers=agent_headers).json()
    assert [c["name"] for c in contact["campaigns"]] == ["Newsletter"]
    assert client.get("/campaigns/9999", headers=agent_headers).status_code == 404


def test_send_campaign_in_background(client, agent_headers, audience):
    campaign = client.post(
        "/campaigns",
        json={
            "name": "Winter sale",
            "subject": "50% off",
            "body": "Only this week",
            "contact_ids": [c["id"] for c in audience],
        },
        headers=agent_headers,
    ).json()

    response = client.post(f"/campaigns/{campaign['id']}/send", headers=agent_headers)
    assert response.status_code == 202
    assert response.json() == {"detail": "Campaign queued for delivery"}

    sent = client.get(f"/campaigns/{campaign['id']}", headers=agent_headers).json()
    assert sent["status"] == "sent"
    assert sent["sent_at"] is not None

    deliveries = client.get(
        f"/campaigns/{campaign['id']}/deliveries", headers=agent_headers
    ).json()
    assert [(d["contact_id"], d["email"]) for d in deliveries] == [
        (audience[0]["id"], "nina@massive.test"),
        (audience[1]["id"], "william@massive.test"),
    ]
    assert all(d["delivered_at"] is not None for d in deliveries)

    twice = client.post(f"/campaigns/{campaign['id']}/send", headers=agent_headers)
    assert twice.status_code == 400
    locked = client.post(
        f"/campaigns/{campaign['id']}/contacts",
        json={"contact_ids": [audience[2]["id"]]},
        headers=agent_headers,
    )
    assert locked.status_code == 400


def test_campaign_without_recipients_cannot_be_sent(client, agent_headers):
    campaign = client.post(
        "/campaigns",
        json={"name": "Empty", "subject": "Hello", "body": "Anyone?"},
        headers=agent_headers,
    ).json()
    response = client.post(f"/campaigns/{campaign['id']}/send", headers=agent_headers)
    assert response.status_code == 400
    assert (
        client.get(
            f"/campaigns/{campaign['id']}/deliveries", headers=agent_headers
        ).json()
        == []
    )
    assert client.post("/campaigns/9999/send", headers=agent_headers).status_code == 404
