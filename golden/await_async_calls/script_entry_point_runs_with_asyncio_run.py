from app.crud import rename
from app.database import SessionLocal


def main() -> None:
    db = SessionLocal()
    try:
        rename(db, 1, "Oslo")
    finally:
        db.close()


if __name__ == "__main__":
    main()
# output
from app.crud import rename
from app.database import AsyncSessionLocal
import asyncio


async def main() -> None:
    async with AsyncSessionLocal() as db:
        await rename(db, 1, "Oslo")


if __name__ == "__main__":
    asyncio.run(main())
