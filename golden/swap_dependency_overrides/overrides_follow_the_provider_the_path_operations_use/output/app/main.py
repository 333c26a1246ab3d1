from fastapi import Depends, FastAPI
from sqlalchemy import text

from app.database import get_async_db
from sqlalchemy.ext.asyncio import AsyncSession

app = FastAPI()


@app.get("/health")
async def health(db: AsyncSession = Depends(get_async_db)):
    return {"ok": (await db.execute(text("SELECT 1"))).scalar_one() == 1}
