from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from app import legacy
from app.database import get_db

router = APIRouter()


@router.get("/reports/{city}")
def report(city: str, db: Session = Depends(get_db)):
    return legacy.city_report(db, city)
# output
from fastapi import APIRouter, Depends

from app import legacy
from app.database import get_async_db
from sqlalchemy.ext.asyncio import AsyncSession

router = APIRouter()


@router.get("/reports/{city}")
async def report(city: str, db: AsyncSession = Depends(get_async_db)):
    return await db.run_sync(legacy.city_report, city)
