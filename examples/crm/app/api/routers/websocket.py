import logging

from fastapi import APIRouter, WebSocket, WebSocketDisconnect, status

from app.database import SessionLocal
from app.models import User
from app.security import decode_access_token
from app.services import helpdesk

logger = logging.getLogger(__name__)

router = APIRouter(tags=["notifications"])


@router.websocket("/ws/notifications")
async def notifications(websocket: WebSocket):
    token = websocket.query_params.get("token")
    db = SessionLocal()
    try:
        payload = decode_access_token(token) if token else None
        user_id = int(payload["sub"]) if payload else None
        user = db.query(User).filter(User.id == user_id).first() if user_id else None
        if user is None or not user.is_active:
            await websocket.close(code=status.WS_1008_POLICY_VIOLATION)
            return

        await websocket.accept()
        await websocket.send_json({"type": "welcome", "user_id": user.id})
        while True:
            message = (await websocket.receive_text()).strip().lower()
            if message == "unread":
                count = helpdesk.unread_count(db, user.id)
                await websocket.send_json({"type": "unread", "count": count})
            elif message == "tickets":
                tickets = helpdesk.open_tickets_for(db, user.id)
                await websocket.send_json(
                    {
                        "type": "tickets",
                        "tickets": [
                            {"id": t.id, "subject": t.subject, "priority": t.priority}
                            for t in tickets
                        ],
                    }
                )
            elif message == "ping":
                await websocket.send_json({"type": "pong"})
            else:
                await websocket.send_json(
                    {"type": "error", "detail": f"Unknown command: {message}"}
                )
    except WebSocketDisconnect:
        logger.debug("Notification socket closed")
    finally:
        db.close()
