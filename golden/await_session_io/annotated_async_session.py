from typing import Annotated

from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession

from app.database import get_async_db


async def delete_item(item_id: int, db: Annotated[AsyncSession, Depends(get_async_db)]) -> None:
    item = db.get(Item, item_id)
    db.delete(item)
    db.commit()
# output
from typing import Annotated

from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession

from app.database import get_async_db


async def delete_item(item_id: int, db: Annotated[AsyncSession, Depends(get_async_db)]) -> None:
    item = await db.get(Item, item_id)
    await db.delete(item)
    await db.commit()
