from fastapi import APIRouter, Depends
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.database import get_db
from app.models import User

router = APIRouter()


# Sync, `db.get()` handed `str` a value; on an AsyncSession it hands a coroutine unless
# it is awaited where it stands.
@router.get("/users/{user_id}/label")
def user_label(user_id: int, db: Session = Depends(get_db)):
    return str(db.get(User, user_id))


@router.get("/users/{user_id}/name")
def user_name(user_id: int, db: Session = Depends(get_db)):
    return {"name": str(db.scalar(select(User.name).where(User.id == user_id)))}
# output
from fastapi import APIRouter, Depends
from sqlalchemy import select

from app.database import get_async_db
from app.models import User
from sqlalchemy.ext.asyncio import AsyncSession

router = APIRouter()


# Sync, `db.get()` handed `str` a value; on an AsyncSession it hands a coroutine unless
# it is awaited where it stands.
@router.get("/users/{user_id}/label")
async def user_label(user_id: int, db: AsyncSession = Depends(get_async_db)):
    return str(await db.get(User, user_id))


@router.get("/users/{user_id}/name")
async def user_name(user_id: int, db: AsyncSession = Depends(get_async_db)):
    return {"name": str(await db.scalar(select(User.name).where(User.id == user_id)))}
