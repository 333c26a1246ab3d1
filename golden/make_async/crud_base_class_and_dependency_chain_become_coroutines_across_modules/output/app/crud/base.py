from typing import Generic, Optional, TypeVar

from app.database import Base
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

ModelType = TypeVar("ModelType", bound=Base)


class CRUDBase(Generic[ModelType]):
    def __init__(self, model: type[ModelType]):
        self.model = model

    async def get(self, db: AsyncSession, id: int) -> Optional[ModelType]:
        return (await db.execute(
            select(self.model).where(self.model.id == id).limit(1)
        )).scalars().first()

    async def get_multi(self, db: AsyncSession, skip: int = 0, limit: int = 100) -> list[ModelType]:
        return (await db.execute(select(self.model).offset(skip).limit(limit))).scalars().all()
