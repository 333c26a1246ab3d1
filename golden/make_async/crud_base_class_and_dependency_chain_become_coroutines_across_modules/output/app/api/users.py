from fastapi import APIRouter, Depends, HTTPException

from app import crud
from app.api.deps import get_current_active_user
from app.database import get_async_db
from app.models import User
from sqlalchemy.ext.asyncio import AsyncSession

router = APIRouter()


@router.get("/users")
async def read_users(skip: int = 0, db: AsyncSession = Depends(get_async_db), me: User = Depends(get_current_active_user)):
    return [u.email for u in await crud.user.get_multi(db, skip=skip)]


@router.get("/users/{user_id}")
async def read_user(user_id: int, db: AsyncSession = Depends(get_async_db)):
    found = await crud.user.get(db, id=user_id)
    if found is None:
        raise HTTPException(status_code=404)
    return {"email": found.email}
