from typing import Annotated

from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from app import crud
from app.database import get_db

router = APIRouter()


@router.get("/users/{user_id}")
def read_user(user_id: int, db: Session = Depends(get_db)):
    return crud.get_user(db, user_id)


@router.put("/users/{user_id}/city")
def move_user(user_id: int, city: str, db: Annotated[Session, Depends(get_db)]):
    return crud.rename(db, user_id, city)


@router.get("/health")
def health():
    return {"ok": True}
# output
from typing import Annotated

from fastapi import APIRouter, Depends

from app import crud
from app.database import get_async_db
from sqlalchemy.ext.asyncio import AsyncSession

router = APIRouter()


@router.get("/users/{user_id}")
async def read_user(user_id: int, db: AsyncSession = Depends(get_async_db)):
    return await crud.get_user(db, user_id)


@router.put("/users/{user_id}/city")
async def move_user(user_id: int, city: str, db: Annotated[AsyncSession, Depends(get_async_db)]):
    return await crud.rename(db, user_id, city)


@router.get("/health")
def health():
    return {"ok": True}
