from fastapi import APIRouter, Depends

from app.database import get_async_db
from app.models import Post
from app.pagination import paginate
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

router = APIRouter()


async def recent_posts(db: AsyncSession, page: int):
    posts = select(Post).order_by(Post.id.desc())
    return await paginate(db, posts, page, 10)


@router.get("/posts")
async def list_posts(page: int = 0, db: AsyncSession = Depends(get_async_db)):
    return {"page": await recent_posts(db, page)}
