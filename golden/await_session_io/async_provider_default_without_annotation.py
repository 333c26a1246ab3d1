from fastapi import APIRouter, Depends

from app.database import get_async_db

router = APIRouter()


@router.delete("/tags/{tag_id}")
async def delete_tag(tag_id: int, db=Depends(get_async_db)) -> None:
    tag = db.get(Tag, tag_id)
    db.delete(tag)
    db.commit()
# output
from fastapi import APIRouter, Depends

from app.database import get_async_db

router = APIRouter()


@router.delete("/tags/{tag_id}")
async def delete_tag(tag_id: int, db=Depends(get_async_db)) -> None:
    tag = await db.get(Tag, tag_id)
    await db.delete(tag)
    await db.commit()
