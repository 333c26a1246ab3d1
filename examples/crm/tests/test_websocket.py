import pytest
from starlette.websockets import WebSocketDisconnect


def test_websocket_requires_token(client):
    with pytest.raises(WebSocketDisconnect) as exc_info:
        with client.websocket_connect("/ws/notifications"):
            pass
    assert exc_info.value.code == 1008


def test_websocket_rejects_invalid_token(client, agent):
    with pytest.raises(WebSocketDisconnect) as exc_info:
        with client.websocket_connect("/ws/notifications?token=forged.token"):
            pass
    assert exc_info.value.code == 1008


def test_websocket_rejects_deactivated_user(client, admin_headers, agent):
    client.patch(
        f"/users/{agent['id']}", json={"is_active": False}, headers=admin_headers
    )
    with pytest.raises(WebSocketDisconnect) as exc_info:
        with client.websocket_connect(f"/ws/notifications?token={agent['token']}"):
            pass
    assert exc_info.value.code == 1008


def test_websocket_serves_unread_counts_and_tickets(
    client, admin, agent, make_customer, make_ticket
):
    customer = make_customer(admin["headers"], "Socket Co")
    first = make_ticket(
        admin["headers"],
        customer["id"],
        "First",
        priority="high",
        assignee_id=agent["id"],
    )
    make_ticket(admin["headers"], customer["id"], "Not mine", assignee_id=admin["id"])

    with client.websocket_connect(f"/ws/notifications?token={agent['token']}") as ws:
        assert ws.receive_json() == {"type": "welcome", "user_id": agent["id"]}

        ws.send_text("unread")
        assert ws.receive_json() == {"type": "unread", "count": 1}

        second = make_ticket(
            admin["headers"], customer["id"], "Second", assignee_id=agent["id"]
        )
        ws.send_text("unread")
        assert ws.receive_json() == {"type": "unread", "count": 2}

        ws.send_text("tickets")
        assert ws.receive_json() == {
            "type": "tickets",
            "tickets": [
                {"id": first["id"], "subject": "First", "priority": "high"},
                {"id": second["id"], "subject": "Second", "priority": "normal"},
            ],
        }

        client.post("/tickets/mark-read", headers=agent["headers"])
        ws.send_text("UNREAD")
        assert ws.receive_json() == {"type": "unread", "count": 0}

        ws.send_text("ping")
        assert ws.receive_json() == {"type": "pong"}

        ws.send_text("dance")
        assert ws.receive_json() == {
            "type": "error",
            "detail": "Unknown command: dance",
        }
