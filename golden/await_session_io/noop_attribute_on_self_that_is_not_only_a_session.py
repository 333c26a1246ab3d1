from sqlalchemy.ext.asyncio import AsyncSession


class Cache:
    def __init__(self, db: AsyncSession):
        self.db = db

    def swap(self, store: dict) -> None:
        self.db = store  # not only a session: `self.db.get(...)` may be a dict's

    async def read(self, key: str):
        return self.db.get(key)
