def test_customer_notes_list_pinned_first_then_newest(client, agent, make_customer):
    headers = agent["headers"]
    customer = make_customer(headers, "Stark Industries")
    url = f"/customers/{customer['id']}/notes"
    for body, pinned in (
        ("Met at the expo", False),
        ("Prefers e-mail", True),
        ("Asked for a discount", False),
    ):
        created = client.post(
            url, json={"body": body, "is_pinned": pinned}, headers=headers
        )
        assert created.status_code == 201, created.text
    assert created.json()["author"] == {
        "id": agent["id"],
        "email": "sam@acme.test",
        "full_name": "Sam Sales",
    }
    assert created.json()["edited_at"] is None

    notes = client.get(url, headers=headers)
    assert notes.status_code == 200
    assert [n["body"] for n in notes.json()] == [
        "Prefers e-mail",
        "Asked for a discount",
        "Met at the expo",
    ]
    assert client.get("/customers/999/notes", headers=headers).status_code == 404
    assert (
        client.post(
            "/customers/999/notes", json={"body": "?"}, headers=headers
        ).status_code
        == 404
    )
    assert client.post(url, json={"body": ""}, headers=headers).status_code == 422


def test_only_the_author_edits_and_admins_may_delete(
    client, admin, agent, make_customer
):
    customer = make_customer(agent["headers"], "Wayne Enterprises")
    note = client.post(
        f"/customers/{customer['id']}/notes",
        json={"body": "Budget approved"},
        headers=agent["headers"],
    ).json()
    url = f"/notes/{note['id']}"

    assert (
        client.patch(
            url, json={"body": "Hijacked"}, headers=admin["headers"]
        ).status_code
        == 403
    )
    pinned = client.patch(url, json={"is_pinned": True}, headers=agent["headers"])
    assert pinned.status_code == 200
    assert pinned.json()["is_pinned"] is True
    assert pinned.json()["edited_at"] is None
    edited = client.patch(
        url, json={"body": "Budget approved for Q3"}, headers=agent["headers"]
    )
    assert edited.json()["body"] == "Budget approved for Q3"
    assert edited.json()["edited_at"] is not None
    assert (
        client.patch(
            "/notes/999", json={"body": "x"}, headers=agent["headers"]
        ).status_code
        == 404
    )

    admin_note = client.post(
        f"/customers/{customer['id']}/notes",
        json={"body": "Admin remark"},
        headers=admin["headers"],
    ).json()
    assert (
        client.delete(
            f"/notes/{admin_note['id']}", headers=agent["headers"]
        ).status_code
        == 403
    )
    assert client.delete(url, headers=admin["headers"]).status_code == 204
    assert client.delete(url, headers=admin["headers"]).status_code == 404
    remaining = client.get(
        f"/customers/{customer['id']}/notes", headers=agent["headers"]
    ).json()
    assert [n["id"] for n in remaining] == [admin_note["id"]]


def test_search_notes_across_customers(client, admin, agent, make_customer):
    paris = make_customer(agent["headers"], "Maison Dupont", city="Paris")
    berlin = make_customer(agent["headers"], "Schmidt GmbH", city="Berlin")

    def note(headers, customer, body):
        client.post(
            f"/customers/{customer['id']}/notes", json={"body": body}, headers=headers
        )

    note(agent["headers"], paris, "Renewal due in March")
    note(agent["headers"], berlin, "Renewal signed")
    note(admin["headers"], berlin, "Invite to the summit")
    note(admin["headers"], paris, "Send the renewal offer")

    def bodies(**params):
        response = client.get("/notes", params=params, headers=agent["headers"])
        assert response.status_code == 200
        return [n["body"] for n in response.json()["items"]]

    assert bodies(q="renewal") == [
        "Send the renewal offer",
        "Renewal signed",
        "Renewal due in March",
    ]
    assert bodies(q="renewal", mine=True) == ["Renewal signed", "Renewal due in March"]
    assert bodies(city="Berlin") == ["Invite to the summit", "Renewal signed"]
    assert bodies(q="nothing like this") == []

    page = client.get("/notes", params={"size": 3}, headers=agent["headers"]).json()
    assert page["total"] == 4
    assert page["pages"] == 2
    hit = page["items"][0]
    assert hit["customer"] == {
        "id": paris["id"],
        "name": "Maison Dupont",
        "city": "Paris",
    }
    assert hit["author"]["email"] == "ada@acme.test"
    assert client.get("/notes").status_code == 401
