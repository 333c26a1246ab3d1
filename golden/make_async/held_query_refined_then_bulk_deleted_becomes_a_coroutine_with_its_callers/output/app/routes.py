from fastapi import APIRouter, Depends

from app import crud
from app.database import get_async_db
from sqlalchemy.ext.asyncio import AsyncSession

router = APIRouter()


@router.delete("/cities/{city}/users")
async def purge_city(city: str, username: str | None = None, db: AsyncSession = Depends(get_async_db)):
    return {"deleted": await crud.purge_city(db, city, username)}
