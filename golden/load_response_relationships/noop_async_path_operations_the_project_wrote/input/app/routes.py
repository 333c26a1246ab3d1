from fastapi import APIRouter, Depends
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from app.database import get_async_db
from app.models import Author
from app.schemas import AuthorDetail, AuthorOut

router = APIRouter()


@router.get("/authors", response_model=list[AuthorOut])
async def list_authors(db: AsyncSession = Depends(get_async_db)):
    return (await db.execute(select(Author).order_by(Author.id))).scalars().all()


@router.get("/authors/{author_id}", response_model=AuthorDetail)
async def read_author(author_id: int, db: AsyncSession = Depends(get_async_db)):
    # loads its relationships itself: the project's own async code is left as it is
    query = select(Author).options(selectinload(Author.books)).where(Author.id == author_id)
    return (await db.execute(query)).scalar_one()
