from fastapi import APIRouter, WebSocket

from app.database import SessionLocal, get_db
from app.models import User

router = APIRouter()


@router.websocket("/ws")
async def notifications(websocket: WebSocket):
    db = SessionLocal()
    try:
        user = db.get(User, int(websocket.query_params["user"]))
        await websocket.send_json({"email": user.email if user else None})
    finally:
        db.close()


def rename_everyone(city: str) -> None:
    """A background task with a session (and a transaction) of its own."""
    with SessionLocal() as db:
        for user in db.query(User).all():
            user.city = city
        db.commit()


def count_users() -> int:
    db = next(get_db())
    return db.query(User).count()


@router.post("/rename")
def rename(city: str):
    rename_everyone(city)
    return {"users": count_users()}
# output
from fastapi import APIRouter, WebSocket

from app.database import AsyncSessionLocal, get_async_db
from app.models import User
from sqlalchemy import func, select

router = APIRouter()


@router.websocket("/ws")
async def notifications(websocket: WebSocket):
    async with AsyncSessionLocal() as db:
        user = await db.get(User, int(websocket.query_params["user"]))
        await websocket.send_json({"email": user.email if user else None})


async def rename_everyone(city: str) -> None:
    """A background task with a session (and a transaction) of its own."""
    async with AsyncSessionLocal() as db:
        for user in (await db.execute(select(User))).scalars().all():
            user.city = city
        await db.commit()


async def count_users() -> int:
    db = await anext(get_async_db())
    return (await db.execute(select(func.count()).select_from(User))).scalar_one()


@router.post("/rename")
async def rename(city: str):
    await rename_everyone(city)
    return {"users": await count_users()}
