from sqlmodel.ext.asyncio.session import AsyncSession


async def save_hero(session: AsyncSession, hero: Hero) -> Hero:
    session.add(hero)
    session.commit()
    session.refresh(hero)
    return hero
# output
from sqlmodel.ext.asyncio.session import AsyncSession


async def save_hero(session: AsyncSession, hero: Hero) -> Hero:
    session.add(hero)
    await session.commit()
    await session.refresh(hero)
    return hero
