from fastapi import APIRouter, Depends
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from app.database import get_db
from app.models import User

router = APIRouter()


def load_user(db: Session, user_id: int) -> User | None:
    return db.get(User, user_id)


@router.get("/users/{user_id}")
async def read_user(user_id: int, db: Session = Depends(get_db)):
    user = await run_in_threadpool(load_user, db, user_id=user_id)
    return {"email": user.email if user else None}
# output
from fastapi import APIRouter, Depends

from app.database import get_async_db
from app.models import User
from sqlalchemy.ext.asyncio import AsyncSession

router = APIRouter()


async def load_user(db: AsyncSession, user_id: int) -> User | None:
    return await db.get(User, user_id)


@router.get("/users/{user_id}")
async def read_user(user_id: int, db: AsyncSession = Depends(get_async_db)):
    user = await load_user(db, user_id=user_id)
    return {"email": user.email if user else None}
