from fastapi import APIRouter, Depends
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from app.database import get_db
from app.models import User

router = APIRouter()


@router.get("/users/{user_id}")
async def read_user(user_id: int, db: AsyncSession = Depends(get_db)):
    query = select(User).where(User.id == user_id).options(selectinload(User.posts))
    user = (await db.execute(query)).scalar_one_or_none()
    return {"titles": [p.title for p in user.posts]} if user else None


@router.get("/health")
def health():
    return {"ok": True}
