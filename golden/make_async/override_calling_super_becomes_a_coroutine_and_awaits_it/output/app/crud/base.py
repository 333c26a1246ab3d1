
from app.database import Base
from sqlalchemy.ext.asyncio import AsyncSession


class CRUDBase:
    def __init__(self, model: type[Base]):
        self.model = model

    async def remove(self, db: AsyncSession, id: int) -> None:
        obj = await db.get(self.model, id)
        await db.delete(obj)
        await db.commit()
