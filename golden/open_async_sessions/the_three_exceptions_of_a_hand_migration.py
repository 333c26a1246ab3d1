"""The three "acceptable exceptions" a hand migration stopped at, as its audit quoted them."""

from fastapi import APIRouter, Depends, WebSocket

from app.database import SessionLocal
from app.models import User
from app.services import generate_summary, get_api_keys

router = APIRouter()


@router.websocket("/ws/{user_id}")
async def notifications(websocket: WebSocket, user_id: int):
    db = SessionLocal()
    try:
        user = db.query(User).filter(User.id == user_id).first()
        if user is None:
            await websocket.close(code=4401)
            return
        await websocket.accept()
    finally:
        db.close()


@router.get("/dashboard")
def dashboard(current_tenant: str):
    sync_db = SessionLocal()
    try:
        api_keys = get_api_keys(sync_db, current_tenant)
    finally:
        sync_db.close()
    return {"api_keys": api_keys}


@router.get("/insights/{user_id}")
def insights(user_id: int):
    sync_db_for_ai = SessionLocal()
    user = sync_db_for_ai.get(User, user_id)
    return {"summary": generate_summary(sync_db_for_ai, user)}
# output
"""The three "acceptable exceptions" a hand migration stopped at, as its audit quoted them."""

from fastapi import APIRouter, Depends, WebSocket

from app.database import AsyncSessionLocal
from app.models import User
from app.services import generate_summary, get_api_keys
from sqlalchemy import select

router = APIRouter()


@router.websocket("/ws/{user_id}")
async def notifications(websocket: WebSocket, user_id: int):
    async with AsyncSessionLocal() as db:
        user = (await db.execute(select(User).where(User.id == user_id))).scalar_one_or_none()
        if user is None:
            await websocket.close(code=4401)
            return
        await websocket.accept()


@router.get("/dashboard")
async def dashboard(current_tenant: str):
    async with AsyncSessionLocal() as sync_db:
        api_keys = await get_api_keys(sync_db, current_tenant)
    return {"api_keys": api_keys}


@router.get("/insights/{user_id}")
async def insights(user_id: int):
    sync_db_for_ai = AsyncSessionLocal()
    user = await sync_db_for_ai.get(User, user_id)
    return {"summary": await generate_summary(sync_db_for_ai, user)}
