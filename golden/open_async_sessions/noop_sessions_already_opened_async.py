from fastapi import APIRouter, WebSocket
from sqlalchemy import select

from app.database import AsyncSessionLocal
from app.models import User

router = APIRouter()


@router.websocket("/ws/{user_id}")
async def notifications(websocket: WebSocket, user_id: int):
    async with AsyncSessionLocal() as db:
        user = (await db.execute(select(User).where(User.id == user_id))).scalar_one_or_none()
        await websocket.send_json({"email": user.email if user else None})
