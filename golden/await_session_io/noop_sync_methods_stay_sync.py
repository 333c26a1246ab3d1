from sqlalchemy.ext.asyncio import AsyncSession


async def stage(db: AsyncSession, users: list[User], stale: User) -> None:
    db.add(users[0])
    db.add_all(users[1:])
    db.expunge(stale)
    db.expire(stale)
    db.expire_all()
    db.in_transaction()
