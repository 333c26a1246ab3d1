from fastapi import APIRouter, Depends

from api.db.database import get_async_db
from api.v1.crud import get_user
from sqlalchemy.ext.asyncio import AsyncSession

router = APIRouter()


@router.get("/users/{user_id}")
async def read_user(user_id: int, db: AsyncSession = Depends(get_async_db)):
    return {"found": await get_user(db, user_id) is not None}
