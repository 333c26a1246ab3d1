from fastapi import APIRouter, Depends

from app.database import get_async_db
from app.models import User
from app.plugins import PLUGINS
from sqlalchemy.ext.asyncio import AsyncSession

router = APIRouter()


@router.post("/users")
async def create_user(email: str, kind: str = "email", db: AsyncSession = Depends(get_async_db)):
    plugin = PLUGINS[kind]()
    # which class's validate() runs is decided at run time: the tool cannot follow it
    if not await db.run_sync(plugin.validate, email):
        return {"created": False}
    db.add(User(email=email))
    await db.commit()
    return {"created": True}
