from sqlalchemy.ext.asyncio import AsyncSession


async def save(db: AsyncSession, user: User) -> User:
    db.add(user)
    await db.commit()
    await db.refresh(user)
    return (await db.execute(select(User))).scalars().first()
