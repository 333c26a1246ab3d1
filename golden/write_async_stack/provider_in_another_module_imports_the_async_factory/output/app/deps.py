from typing import Annotated

from fastapi import Depends

from app.database import AsyncSessionLocal, SessionLocal
from sqlalchemy.ext.asyncio import AsyncSession


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


async def get_async_db():
    async with AsyncSessionLocal() as db:
        yield db


SessionDep = Annotated[AsyncSession, Depends(get_async_db)]
