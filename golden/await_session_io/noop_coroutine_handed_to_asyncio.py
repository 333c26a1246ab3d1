import asyncio

from sqlalchemy.ext.asyncio import AsyncSession


async def flush_both(first: AsyncSession, second: AsyncSession) -> None:
    await asyncio.gather(first.flush(), second.flush())
    task = asyncio.create_task(first.commit())
    await asyncio.wait_for(second.commit(), timeout=5)
    await task
