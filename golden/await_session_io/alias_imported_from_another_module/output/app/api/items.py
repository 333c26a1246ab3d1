from fastapi import APIRouter

from app import deps
from ..deps import AsyncDB

router = APIRouter()


@router.post("/items/{item_id}/publish")
async def publish(item_id: int, db: AsyncDB) -> None:
    item = await db.get(Item, item_id)
    item.published = True
    await db.commit()


@router.post("/items/{item_id}/hide")
async def hide(item_id: int, db: deps.AsyncDB) -> None:
    item = await db.get(Item, item_id)
    item.hidden = True
    await db.commit()
