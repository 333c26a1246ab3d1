from sqlalchemy.ext.asyncio import AsyncSession


async def classify(db: AsyncSession, value: object) -> str:
    match value:
        case {"kind": kind, **rest} if (n := len(rest)) > 1:
            return f"{kind}:{n}"
        case [first, *_]:
            return str(first)
    async with db.begin():
        return (await db.execute(text("select 1"))).scalar_one()
