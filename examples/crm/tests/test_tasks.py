from datetime import date, timedelta

import pytest

TODAY = date.today()


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


@pytest.fixture()
def make_task(client):
    def _make(headers: dict, title: str, **fields) -> dict:
        response = client.post(
            "/tasks", json={"title": title, **fields}, headers=headers
        )
        assert response.status_code == 201, response.text
        return response.json()

    return _make


def test_create_task_for_a_customer_and_lead(
    client, admin, agent, make_customer, make_lead
):
    customer = make_customer(agent["headers"], "Vandelay Industries", city="New York")
    lead = make_lead(agent["headers"], "Latex import")
    response = client.post(
        "/tasks",
        json={
            "title": "Call back about latex",
            "due_date": day(2),
            "priority": "high",
            "customer_id": customer["id"],
            "lead_id": lead["id"],
        },
        headers=agent["headers"],
    )
    assert response.status_code == 201, response.text
    task = response.json()
    assert task["status"] == "open"
    assert task["due_date"] == day(2)
    assert task["assignee_id"] == task["created_by_id"] == agent["id"]
    assert task["assignee"]["email"] == "sam@acme.test"
    assert task["customer"] == {
        "id": customer["id"],
        "name": "Vandelay Industries",
        "city": "New York",
    }
    assert task["lead"] == {"id": lead["id"], "title": "Latex import", "status": "new"}
    assert task["completed_at"] is None

    delegated = client.post(
        "/tasks",
        json={"title": "Send contract", "assignee_id": agent["id"]},
        headers=admin["headers"],
    ).json()
    assert delegated["assignee"]["full_name"] == "Sam Sales"
    assert delegated["created_by"]["full_name"] == "Ada Admin"
    assert delegated["customer"] is None
    assert delegated["lead"] is None
    fetched = client.get(f"/tasks/{delegated['id']}", headers=agent["headers"])
    assert fetched.json() == delegated


def test_task_validation(client, agent_headers, make_customer):
    for field in ("assignee_id", "customer_id", "lead_id"):
        response = client.post(
            "/tasks", json={"title": "Ghost", field: 999}, headers=agent_headers
        )
        assert response.status_code == 400, field
        assert response.json()["detail"].endswith("does not exist")
    assert (
        client.post(
            "/tasks", json={"title": "X", "priority": "urgent"}, headers=agent_headers
        ).status_code
        == 422
    )
    assert (
        client.post("/tasks", json={"title": ""}, headers=agent_headers).status_code
        == 422
    )
    assert client.get("/tasks/999", headers=agent_headers).status_code == 404
    assert client.post("/tasks/999/complete", headers=agent_headers).status_code == 404
    assert client.get("/tasks").status_code == 401
    assert client.get("/tasks", headers=agent_headers).json()["total"] == 0


def test_list_tasks_by_due_date_with_filters(
    client, admin, agent, make_customer, make_task
):
    headers = agent["headers"]
    customer = make_customer(headers, "Kramerica")
    later = make_task(headers, "Later", due_date=day(5), customer_id=customer["id"])
    undated = make_task(headers, "Someday")
    soon = make_task(headers, "Soon", due_date=day(1), customer_id=customer["id"])
    overdue = make_task(headers, "Overdue", due_date=day(-3))
    theirs = make_task(admin["headers"], "Admin work", due_date=day(0))

    def titles(**params):
        response = client.get("/tasks", params=params, headers=headers)
        assert response.status_code == 200
        return [t["title"] for t in response.json()["items"]]

    assert titles() == ["Overdue", "Admin work", "Soon", "Later", "Someday"]
    assert titles(mine=True) == ["Overdue", "Soon", "Later", "Someday"]
    assert titles(assignee_id=admin["id"]) == ["Admin work"]
    assert titles(customer_id=customer["id"]) == ["Soon", "Later"]
    assert titles(due_before=day(1)) == ["Overdue", "Admin work"]
    client.post(f"/tasks/{soon['id']}/complete", headers=headers)
    assert titles(status="done") == ["Soon"]
    assert titles(status="open", mine=True) == ["Overdue", "Later", "Someday"]

    page = client.get("/tasks", params={"size": 2, "page": 3}, headers=headers).json()
    assert page["total"] == 5
    assert page["pages"] == 3
    assert [t["id"] for t in page["items"]] == [undated["id"]]
    assert {later["id"], overdue["id"], theirs["id"]} <= {
        t["id"] for t in client.get("/tasks", headers=headers).json()["items"]
    }


def test_agenda_counts_my_open_tasks(client, admin, agent, make_task):
    headers = agent["headers"]
    make_task(headers, "Late 1", due_date=day(-2))
    make_task(headers, "Late 2", due_date=day(-1))
    make_task(headers, "Today", due_date=day(0))
    make_task(headers, "Tomorrow", due_date=day(1))
    make_task(headers, "Whenever")
    done = make_task(headers, "Done already", due_date=day(-5))
    client.post(f"/tasks/{done['id']}/complete", headers=headers)
    make_task(admin["headers"], "Not mine", due_date=day(-1))

    response = client.get("/tasks/agenda", headers=headers)
    assert response.status_code == 200
    assert response.json() == {
        "overdue": 2,
        "today": 1,
        "upcoming": 1,
        "unscheduled": 1,
    }
    assert client.get("/tasks/agenda", headers=admin["headers"]).json() == {
        "overdue": 1,
        "today": 0,
        "upcoming": 0,
        "unscheduled": 0,
    }


def test_only_assignee_creator_or_admin_change_a_task(
    client, admin, agent, register_user, make_task
):
    outsider = register_user("olga@acme.test", full_name="Olga Outsider")
    task = make_task(agent["headers"], "Prepare demo", due_date=day(3))
    url = f"/tasks/{task['id']}"

    assert (
        client.patch(
            url, json={"title": "Mine now"}, headers=outsider["headers"]
        ).status_code
        == 403
    )
    assert (
        client.post(f"{url}/complete", headers=outsider["headers"]).status_code == 403
    )
    assert client.delete(url, headers=outsider["headers"]).status_code == 403

    updated = client.patch(
        url,
        json={
            "title": "Prepare the demo",
            "priority": "high",
            "assignee_id": outsider["id"],
        },
        headers=agent["headers"],
    )
    assert updated.status_code == 200
    assert updated.json()["title"] == "Prepare the demo"
    assert updated.json()["priority"] == "high"
    assert updated.json()["due_date"] == day(3)
    assert updated.json()["assignee_id"] == outsider["id"]
    assert (
        client.patch(
            url, json={"assignee_id": 999}, headers=agent["headers"]
        ).status_code
        == 400
    )

    completed = client.post(f"{url}/complete", headers=outsider["headers"])
    assert completed.status_code == 200
    assert completed.json()["status"] == "done"
    assert completed.json()["completed_at"] is not None
    again = client.post(f"{url}/complete", headers=outsider["headers"])
    assert again.status_code == 400
    assert again.json()["detail"] == "The task is already done"

    assert client.delete(url, headers=admin["headers"]).status_code == 204
    assert client.get(url, headers=agent["headers"]).status_code == 404
    assert client.delete(url, headers=admin["headers"]).status_code == 404


def test_reassign_open_tasks(client, admin, agent, register_user, make_task):
    leaving = register_user("lea@acme.test", full_name="Lea Leaving")
    open_ids = [make_task(leaving["headers"], f"Open {i}")["id"] for i in range(3)]
    done = make_task(leaving["headers"], "Finished")
    client.post(f"/tasks/{done['id']}/complete", headers=leaving["headers"])
    payload = {"from_user_id": leaving["id"], "to_user_id": agent["id"]}

    assert (
        client.post(
            "/tasks/reassign", json=payload, headers=agent["headers"]
        ).status_code
        == 403
    )
    unknown = client.post(
        "/tasks/reassign",
        json={"from_user_id": leaving["id"], "to_user_id": 999},
        headers=admin["headers"],
    )
    assert unknown.status_code == 400

    moved = client.post("/tasks/reassign", json=payload, headers=admin["headers"])
    assert moved.status_code == 200
    assert moved.json() == {"count": 3}
    agents = client.get(
        "/tasks", params={"mine": True}, headers=agent["headers"]
    ).json()
    assert sorted(t["id"] for t in agents["items"]) == open_ids
    finished = client.get(f"/tasks/{done['id']}", headers=admin["headers"]).json()
    assert finished["assignee_id"] == leaving["id"]
    assert client.post(
        "/tasks/reassign", json=payload, headers=admin["headers"]
    ).json() == {"count": 0}


def test_purge_completed_tasks(client, admin, agent, make_task):
    for headers in (agent["headers"], agent["headers"], admin["headers"]):
        task = make_task(headers, "Done")
        client.post(f"/tasks/{task['id']}/complete", headers=headers)
    still_open = make_task(agent["headers"], "Still open")

    forbidden = client.delete(
        "/tasks/completed", params={"everyone": True}, headers=agent["headers"]
    )
    assert forbidden.status_code == 403
    mine = client.delete("/tasks/completed", headers=agent["headers"])
    assert mine.status_code == 200
    assert mine.json() == {"count": 2}
    remaining = client.get("/tasks", headers=agent["headers"]).json()["items"]
    assert [(t["title"], t["status"]) for t in remaining] == [
        ("Done", "done"),
        ("Still open", "open"),
    ]
    everyone = client.delete(
        "/tasks/completed", params={"everyone": True}, headers=admin["headers"]
    )
    assert everyone.json() == {"count": 1}
    left = client.get("/tasks", headers=agent["headers"]).json()["items"]
    assert [t["id"] for t in left] == [still_open["id"]]
