from fastapi import Depends, FastAPI
from sqlalchemy import text

from app.database import get_async_db, async_engine
from contextlib import asynccontextmanager
from sqlalchemy.ext.asyncio import AsyncSession


@asynccontextmanager
async def lifespan(app):
    yield
    # asyncio connections belong to the loop that opened them: close them with it
    await async_engine.dispose()


# the API
app = FastAPI(title="Inventory", lifespan=lifespan)


@app.get("/ping")
async def ping(db: AsyncSession = Depends(get_async_db)):
    return {"ok": (await db.execute(text("SELECT 1"))).scalar_one() == 1}
