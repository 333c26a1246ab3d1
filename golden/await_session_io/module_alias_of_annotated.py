from typing import Annotated

from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession

from app.database import get_async_db

router = APIRouter()
AsyncDB = Annotated[AsyncSession, Depends(get_async_db)]


@router.post("/items/{item_id}/archive")
async def archive(item_id: int, db: AsyncDB) -> dict[str, bool]:
    item = db.get(Item, item_id)
    item.archived = True
    db.commit()
    return {"archived": True}
# output
from typing import Annotated

from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession

from app.database import get_async_db

router = APIRouter()
AsyncDB = Annotated[AsyncSession, Depends(get_async_db)]


@router.post("/items/{item_id}/archive")
async def archive(item_id: int, db: AsyncDB) -> dict[str, bool]:
    item = await db.get(Item, item_id)
    item.archived = True
    await db.commit()
    return {"archived": True}
