from sqlalchemy.ext.asyncio import AsyncSession
from reportlib import export_csv


async def export(db: AsyncSession, path: str) -> int:
    return await db.run_sync(export_csv, path)
