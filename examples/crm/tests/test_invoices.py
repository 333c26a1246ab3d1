from datetime import date, timedelta

import pytest


@pytest.fixture()
def hardware(make_product):
    laptop = make_product("LAP-100", "Laptop", 100.0)
    mouse = make_product("MOU-200", "Mouse", 19.99)
    return [
        {"product_id": laptop["id"], "quantity": 2},
        {"product_id": mouse["id"], "quantity": 10},
    ]


@pytest.fixture()
def confirmed_order(agent_headers, make_customer, make_order, hardware):
    customer = make_customer(agent_headers, "Aperture Science", city="Cleveland")
    return make_order(
        agent_headers, customer["id"], hardware, confirm=True, discount_percent=10
    )


def test_invoice_a_confirmed_order(
    client, agent_headers, make_customer, make_order, hardware, confirmed_order
):
    pending = make_order(agent_headers, confirmed_order["customer_id"], hardware)
    refused = client.post(
        "/invoices", json={"order_id": pending["id"]}, headers=agent_headers
    )
    assert refused.status_code == 400
    assert refused.json()["detail"] == "A pending order cannot be invoiced"
    assert (
        client.post(
            "/invoices", json={"order_id": 999}, headers=agent_headers
        ).status_code
        == 404
    )

    response = client.post(
        "/invoices", json={"order_id": confirmed_order["id"]}, headers=agent_headers
    )
    assert response.status_code == 201, response.text
    invoice = response.json()
    assert invoice["number"] == f"INV-{invoice['id']:05d}"
    assert invoice["status"] == "open"
    assert invoice["amount"] == pytest.approx(421.09)
    assert invoice["issued_on"] == date.today().isoformat()
    assert invoice["due_on"] == (date.today() + timedelta(days=30)).isoformat()
    assert invoice["order"]["number"] == confirmed_order["number"]
    assert invoice["order"]["status"] == "confirmed"
    assert invoice["customer"] == {
        "id": confirmed_order["customer_id"],
        "name": "Aperture Science",
        "city": "Cleveland",
    }
    assert invoice["payments"] == []
    assert invoice["amount_paid"] == 0
    assert invoice["balance"] == pytest.approx(421.09)
    assert client.get(f"/invoices/{invoice['id']}", headers=agent_headers).json() == (
        invoice
    )

    twice = client.post(
        "/invoices", json={"order_id": confirmed_order["id"]}, headers=agent_headers
    )
    assert twice.status_code == 400
    assert twice.json()["detail"] == "The order has already been invoiced"
    assert client.get("/invoices/999", headers=agent_headers).status_code == 404


def test_backdated_invoice_with_custom_terms(client, agent_headers, confirmed_order):
    response = client.post(
        "/invoices",
        json={
            "order_id": confirmed_order["id"],
            "issued_on": "2024-03-01",
            "due_in_days": 14,
        },
        headers=agent_headers,
    )
    assert response.status_code == 201
    assert response.json()["issued_on"] == "2024-03-01"
    assert response.json()["due_on"] == "2024-03-15"
    too_long = client.post(
        "/invoices",
        json={"order_id": confirmed_order["id"], "due_in_days": 400},
        headers=agent_headers,
    )
    assert too_long.status_code == 422


def test_payments_until_the_invoice_is_paid(
    client, agent, admin_headers, confirmed_order
):
    headers = agent["headers"]
    invoice = client.post(
        "/invoices", json={"order_id": confirmed_order["id"]}, headers=headers
    ).json()
    url = f"/invoices/{invoice['id']}/payments"

    first = client.post(
        url, json={"amount": 400, "paid_on": "2024-05-02"}, headers=headers
    )
    assert first.status_code == 201, first.text
    body = first.json()
    assert body["status"] == "open"
    assert body["amount_paid"] == pytest.approx(400)
    assert body["balance"] == pytest.approx(21.09)
    assert body["payments"] == [
        {
            "id": body["payments"][0]["id"],
            "amount": 400.0,
            "method": "bank_transfer",
            "paid_on": "2024-05-02",
            "received_by_id": agent["id"],
        }
    ]

    too_much = client.post(url, json={"amount": 50}, headers=headers)
    assert too_much.status_code == 400
    assert too_much.json()["detail"] == "The payment exceeds the balance of 21.09"
    assert client.post(url, json={"amount": 0}, headers=headers).status_code == 422
    assert (
        client.post(
            url, json={"amount": 5, "method": "barter"}, headers=headers
        ).status_code
        == 422
    )

    settled = client.post(
        url, json={"amount": 21.09, "method": "card"}, headers=headers
    )
    assert settled.status_code == 201
    assert settled.json()["status"] == "paid"
    assert settled.json()["balance"] == 0
    assert [p["method"] for p in settled.json()["payments"]] == [
        "bank_transfer",
        "card",
    ]
    assert settled.json()["payments"][1]["paid_on"] == date.today().isoformat()

    closed = client.post(url, json={"amount": 1}, headers=headers)
    assert closed.status_code == 400
    assert closed.json()["detail"] == "The invoice is paid"
    no_void = client.post(f"/invoices/{invoice['id']}/void", headers=admin_headers)
    assert no_void.status_code == 400
    assert (
        client.post(
            "/invoices/999/payments", json={"amount": 1}, headers=headers
        ).status_code
        == 404
    )


def test_void_needs_an_admin_and_lets_the_order_be_invoiced_again(
    client, agent_headers, admin_headers, confirmed_order
):
    invoice = client.post(
        "/invoices", json={"order_id": confirmed_order["id"]}, headers=agent_headers
    ).json()
    url = f"/invoices/{invoice['id']}/void"
    assert client.post(url, headers=agent_headers).status_code == 403

    cancel = client.post(
        f"/orders/{confirmed_order['id']}/status",
        json={"status": "cancelled"},
        headers=agent_headers,
    )
    assert cancel.status_code == 400
    assert cancel.json()["detail"] == "Void the order's invoice before cancelling it"

    voided = client.post(url, headers=admin_headers)
    assert voided.status_code == 200
    assert voided.json()["status"] == "void"
    assert client.post(url, headers=admin_headers).status_code == 400
    assert (
        client.post(
            f"/invoices/{invoice['id']}/payments",
            json={"amount": 1},
            headers=agent_headers,
        ).json()["detail"]
        == "The invoice is void"
    )

    reissued = client.post(
        "/invoices", json={"order_id": confirmed_order["id"]}, headers=agent_headers
    )
    assert reissued.status_code == 201
    assert reissued.json()["number"] != invoice["number"]
    order = client.get(f"/orders/{confirmed_order['id']}", headers=agent_headers)
    assert order.json()["status"] == "confirmed"


def test_mark_overdue_and_outstanding_balances(
    client, agent_headers, admin_headers, make_customer, make_order, hardware
):
    early = make_customer(agent_headers, "Early Birds")
    late = make_customer(agent_headers, "Late Payers")
    on_time = make_customer(agent_headers, "On Time")

    def invoice(customer, **fields):
        order = make_order(agent_headers, customer["id"], hardware, confirm=True)
        response = client.post(
            "/invoices", json={"order_id": order["id"], **fields}, headers=agent_headers
        )
        assert response.status_code == 201, response.text
        return response.json()

    old = invoice(late, issued_on="2020-01-01")
    paid_old = invoice(on_time, issued_on="2020-01-01")
    client.post(
        f"/invoices/{paid_old['id']}/payments",
        json={"amount": paid_old["amount"]},
        headers=agent_headers,
    )
    late_recent = invoice(late)
    early_one = invoice(early)
    client.post(
        f"/invoices/{early_one['id']}/payments",
        json={"amount": 100},
        headers=agent_headers,
    )

    assert (
        client.post("/invoices/mark-overdue", headers=agent_headers).status_code == 403
    )
    marked = client.post("/invoices/mark-overdue", headers=admin_headers)
    assert marked.json() == {"count": 1}
    assert client.post("/invoices/mark-overdue", headers=admin_headers).json() == {
        "count": 0
    }
    overdue = client.get(
        "/invoices", params={"status": "overdue"}, headers=agent_headers
    ).json()
    assert [i["id"] for i in overdue["items"]] == [old["id"]]

    outstanding = client.get("/invoices/outstanding", headers=agent_headers)
    assert outstanding.status_code == 200
    rows = outstanding.json()
    assert [(r["customer_name"], r["invoices"]) for r in rows] == [
        ("Late Payers", 2),
        ("Early Birds", 1),
    ]
    assert rows[0]["customer_id"] == late["id"]
    assert rows[0]["outstanding"] == pytest.approx(
        old["amount"] + late_recent["amount"]
    )
    assert rows[1]["outstanding"] == pytest.approx(early_one["amount"] - 100)

    settle = client.post(
        f"/invoices/{old['id']}/payments",
        json={"amount": old["amount"]},
        headers=agent_headers,
    )
    assert settle.json()["status"] == "paid"


def test_list_invoices_filtered_and_ordered_by_due_date(
    client, agent_headers, make_customer, make_order, hardware
):
    one = make_customer(agent_headers, "One")
    two = make_customer(agent_headers, "Two")
    made = []
    for customer, issued in (
        (one, "2024-02-01"),
        (two, "2024-01-01"),
        (one, "2023-12-01"),
    ):
        order = make_order(agent_headers, customer["id"], hardware, confirm=True)
        made.append(
            client.post(
                "/invoices",
                json={"order_id": order["id"], "issued_on": issued},
                headers=agent_headers,
            ).json()
        )

    everything = client.get("/invoices", headers=agent_headers).json()
    assert everything["total"] == 3
    assert [i["id"] for i in everything["items"]] == [
        made[2]["id"],
        made[1]["id"],
        made[0]["id"],
    ]
    mine = client.get(
        "/invoices", params={"customer_id": one["id"], "size": 1}, headers=agent_headers
    ).json()
    assert mine["total"] == 2
    assert mine["pages"] == 2
    assert [i["due_on"] for i in mine["items"]] == ["2023-12-31"]
    assert (
        client.get(
            "/invoices", params={"status": "paid"}, headers=agent_headers
        ).json()["total"]
        == 0
    )
    assert (
        client.get(
            "/invoices", params={"status": "late"}, headers=agent_headers
        ).status_code
        == 422
    )
