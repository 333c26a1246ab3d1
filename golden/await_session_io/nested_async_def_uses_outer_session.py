from sqlalchemy.ext.asyncio import AsyncSession


async def import_rows(db: AsyncSession, rows: list[dict]) -> None:
    async def save(row: dict) -> None:
        db.add(Row(**row))
        db.flush()

    for row in rows:
        await save(row)
    db.commit()
# output
from sqlalchemy.ext.asyncio import AsyncSession


async def import_rows(db: AsyncSession, rows: list[dict]) -> None:
    async def save(row: dict) -> None:
        db.add(Row(**row))
        await db.flush()

    for row in rows:
        await save(row)
    await db.commit()
