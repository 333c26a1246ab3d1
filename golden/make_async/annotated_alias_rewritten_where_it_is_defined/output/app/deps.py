from typing import Annotated, TypeAlias

from fastapi import Depends

from app.database import get_async_db
from sqlalchemy.ext.asyncio import AsyncSession

SessionDep: TypeAlias = Annotated[AsyncSession, Depends(get_async_db)]
