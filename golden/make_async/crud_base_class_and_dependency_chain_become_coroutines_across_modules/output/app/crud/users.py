
from app.crud.base import CRUDBase
from app.models import User
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession


class CRUDUser(CRUDBase[User]):
    async def get_by_email(self, db: AsyncSession, email: str) -> User | None:
        return (await db.execute(select(User).where(User.email == email))).scalar_one_or_none()

    def is_active(self, user: User) -> bool:
        return user.is_active


user = CRUDUser(User)
