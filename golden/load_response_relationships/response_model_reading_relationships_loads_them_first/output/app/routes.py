from fastapi import APIRouter, Depends, HTTPException

from app.database import load_for_response, get_async_db
from app.models import Author
from app.schemas import AuthorDetail
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

router = APIRouter()


@router.get("/authors", response_model=list[AuthorDetail])
async def list_authors(db: AsyncSession = Depends(get_async_db)):
    return await load_for_response(db, list[AuthorDetail], (await db.execute(select(Author).order_by(Author.id))).scalars().all())


@router.get("/authors/{author_id}")
async def read_author(author_id: int, db: AsyncSession = Depends(get_async_db)) -> AuthorDetail:
    author = await db.get(Author, author_id)
    if author is None:
        raise HTTPException(status_code=404)
    return await load_for_response(db, AuthorDetail, author)
