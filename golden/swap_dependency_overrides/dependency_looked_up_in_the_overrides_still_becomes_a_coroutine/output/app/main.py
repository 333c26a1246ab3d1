from fastapi import Depends, FastAPI
from sqlalchemy import text

from app.database import get_async_db
from sqlalchemy.ext.asyncio import AsyncSession

app = FastAPI()


async def get_current_user(db: AsyncSession = Depends(get_async_db)) -> str:
    return (await db.execute(text("SELECT 'ada'"))).scalar_one()


@app.get("/me")
def me(user: str = Depends(get_current_user)):
    return {"user": user}
