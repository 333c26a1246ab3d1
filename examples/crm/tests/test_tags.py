import pytest


@pytest.fixture()
def make_tag(client, agent_headers):
    def _make(name: str, **fields) -> dict:
        response = client.post(
            "/tags", json={"name": name, **fields}, headers=agent_headers
        )
        assert response.status_code == 201, response.text
        return response.json()

    return _make


def test_create_tags_and_list_their_usage(
    client, agent_headers, make_customer, make_tag
):
    vip = make_tag("  VIP ", color="#ff0000")
    assert vip["name"] == "vip"
    assert vip["color"] == "#ff0000"
    partner = make_tag("Partner")
    make_tag("churn-risk")

    duplicate = client.post("/tags", json={"name": "vip"}, headers=agent_headers)
    assert duplicate.status_code == 400
    assert duplicate.json()["detail"] == "Tag already exists"
    assert (
        client.post(
            "/tags", json={"name": "red", "color": "red"}, headers=agent_headers
        ).status_code
        == 422
    )

    first = make_customer(agent_headers, "Globex")
    second = make_customer(agent_headers, "Hooli")
    for customer in (first, second):
        client.put(
            f"/customers/{customer['id']}/tags/{vip['id']}", headers=agent_headers
        )
    client.put(f"/customers/{first['id']}/tags/{partner['id']}", headers=agent_headers)

    usage = client.get("/tags", headers=agent_headers)
    assert usage.status_code == 200
    assert [(t["name"], t["customers"]) for t in usage.json()] == [
        ("churn-risk", 0),
        ("partner", 1),
        ("vip", 2),
    ]
    assert client.get("/tags").status_code == 401


def test_tag_and_untag_a_customer(client, agent_headers, make_customer, make_tag):
    customer = make_customer(agent_headers, "Pied Piper")
    vip = make_tag("vip")
    enterprise = make_tag("enterprise")
    url = f"/customers/{customer['id']}/tags"

    assert client.get(url, headers=agent_headers).json() == []
    tagged = client.put(f"{url}/{vip['id']}", headers=agent_headers)
    assert tagged.status_code == 200
    assert [t["name"] for t in tagged.json()] == ["vip"]
    both = client.put(f"{url}/{enterprise['id']}", headers=agent_headers)
    assert [t["name"] for t in both.json()] == ["enterprise", "vip"]
    again = client.put(f"{url}/{vip['id']}", headers=agent_headers)
    assert [t["id"] for t in again.json()] == [enterprise["id"], vip["id"]]
    assert client.get(url, headers=agent_headers).json() == again.json()

    removed = client.delete(f"{url}/{vip['id']}", headers=agent_headers)
    assert removed.status_code == 200
    assert [t["name"] for t in removed.json()] == ["enterprise"]
    missing = client.delete(f"{url}/{vip['id']}", headers=agent_headers)
    assert missing.status_code == 404
    assert missing.json()["detail"] == "The customer does not have the tag"

    assert client.put(f"{url}/999", headers=agent_headers).status_code == 404
    assert (
        client.put(
            f"/customers/999/tags/{vip['id']}", headers=agent_headers
        ).status_code
        == 404
    )
    assert client.get("/customers/999/tags", headers=agent_headers).status_code == 404


def test_bulk_tagging_and_the_tagged_customers(
    client, agent_headers, make_customer, make_tag
):
    names = ["Zeta", "Alpha", "Mu", "Beta"]
    customers = {name: make_customer(agent_headers, name) for name in names}
    make_customer(agent_headers, "Untagged")
    vip = make_tag("vip")
    client.put(
        f"/customers/{customers['Mu']['id']}/tags/{vip['id']}", headers=agent_headers
    )

    url = f"/tags/{vip['id']}/customers"
    ids = [customers[name]["id"] for name in names]
    added = client.post(
        url, json={"customer_ids": ids + ids[:1]}, headers=agent_headers
    )
    assert added.status_code == 200
    assert added.json() == {"count": 3}
    assert client.post(
        url, json={"customer_ids": ids}, headers=agent_headers
    ).json() == {"count": 0}
    unknown = client.post(
        url, json={"customer_ids": [ids[0], 998, 999]}, headers=agent_headers
    )
    assert unknown.status_code == 404
    assert unknown.json()["detail"] == "Customers not found: [998, 999]"

    page = client.get(url, params={"size": 3}, headers=agent_headers).json()
    assert page["total"] == 4
    assert page["pages"] == 2
    assert [c["name"] for c in page["items"]] == ["Alpha", "Beta", "Mu"]
    rest = client.get(url, params={"size": 3, "page": 2}, headers=agent_headers).json()
    assert [c["name"] for c in rest["items"]] == ["Zeta"]
    assert client.get("/tags/999/customers", headers=agent_headers).status_code == 404


def test_rename_and_delete_a_tag(
    client, admin_headers, agent_headers, make_customer, make_tag
):
    customer = make_customer(agent_headers, "Massive Dynamic")
    old = make_tag("prospect")
    make_tag("partner")
    client.put(f"/customers/{customer['id']}/tags/{old['id']}", headers=agent_headers)

    clash = client.patch(
        f"/tags/{old['id']}", json={"name": "Partner"}, headers=agent_headers
    )
    assert clash.status_code == 400
    renamed = client.patch(
        f"/tags/{old['id']}",
        json={"name": "Qualified", "color": "#00aa00"},
        headers=agent_headers,
    )
    assert renamed.status_code == 200
    assert (renamed.json()["name"], renamed.json()["color"]) == ("qualified", "#00aa00")
    same = client.patch(
        f"/tags/{old['id']}", json={"name": "qualified"}, headers=agent_headers
    )
    assert same.status_code == 200
    assert (
        client.patch("/tags/999", json={"name": "x"}, headers=agent_headers).status_code
        == 404
    )

    assert client.delete(f"/tags/{old['id']}", headers=agent_headers).status_code == 403
    assert client.delete(f"/tags/{old['id']}", headers=admin_headers).status_code == 204
    assert client.delete(f"/tags/{old['id']}", headers=admin_headers).status_code == 404
    assert (
        client.get(f"/customers/{customer['id']}/tags", headers=agent_headers).json()
        == []
    )
    assert [t["name"] for t in client.get("/tags", headers=agent_headers).json()] == [
        "partner"
    ]


def test_deleting_a_customer_drops_its_tags_and_notes(
    client, agent_headers, make_customer, make_tag
):
    gone = make_customer(agent_headers, "Gone Ltd")
    kept = make_customer(agent_headers, "Kept Ltd")
    vip = make_tag("vip")
    for customer in (gone, kept):
        client.put(
            f"/customers/{customer['id']}/tags/{vip['id']}", headers=agent_headers
        )
        client.post(
            f"/customers/{customer['id']}/notes",
            json={"body": f"Note about {customer['name']}"},
            headers=agent_headers,
        )

    assert (
        client.delete(f"/customers/{gone['id']}", headers=agent_headers).status_code
        == 204
    )
    assert client.get("/tags", headers=agent_headers).json()[0]["customers"] == 1
    notes = client.get("/notes", headers=agent_headers).json()
    assert [n["body"] for n in notes["items"]] == ["Note about Kept Ltd"]
