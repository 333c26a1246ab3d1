
from app.crud.base import CRUDBase
from app.models import User
from sqlalchemy.ext.asyncio import AsyncSession


class CRUDUser(CRUDBase):
    async def remove(self, db: AsyncSession, id: int) -> None:
        # the base class's method does the I/O: this override awaits it
        await super().remove(db, id)

    def describe(self) -> str:
        return super().__repr__()


user = CRUDUser(User)
