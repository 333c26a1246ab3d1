from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import User


class UserRepository:
    db: AsyncSession

    def __init__(self, db: AsyncSession):
        self.db = db

    async def save(self, user: User) -> User:
        self.db.add(user)
        self.db.commit()
        self.db.refresh(user)
        return user

    async def by_email(self, email: str) -> User | None:
        return self.db.scalar(select(User).where(User.email == email))


class AdminRepository(UserRepository):
    async def drop(self, user: User) -> None:
        self.db.delete(user)
        self.db.flush()
# output
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import User


class UserRepository:
    db: AsyncSession

    def __init__(self, db: AsyncSession):
        self.db = db

    async def save(self, user: User) -> User:
        self.db.add(user)
        await self.db.commit()
        await self.db.refresh(user)
        return user

    async def by_email(self, email: str) -> User | None:
        return await self.db.scalar(select(User).where(User.email == email))


class AdminRepository(UserRepository):
    async def drop(self, user: User) -> None:
        await self.db.delete(user)
        await self.db.flush()
