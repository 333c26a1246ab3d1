from fastapi import APIRouter, Depends
from fastapi_pagination import Page
from fastapi_pagination.ext.sqlalchemy import paginate
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.database import get_db
from app.models import User

router = APIRouter()


@router.get("/users", response_model=Page[str])
def list_users(db: Session = Depends(get_db)):
    return paginate(db.query(User.email).order_by(User.email))


@router.get("/users/london")
def london_users(db: Session = Depends(get_db)):
    return paginate(db, select(User).where(User.city == "London"))
# output
from fastapi import APIRouter, Depends
from fastapi_pagination import Page
from fastapi_pagination.ext.sqlalchemy import apaginate
from sqlalchemy import select

from app.database import get_async_db
from app.models import User
from sqlalchemy.ext.asyncio import AsyncSession

router = APIRouter()


@router.get("/users", response_model=Page[str])
async def list_users(db: AsyncSession = Depends(get_async_db)):
    return await apaginate(db, select(User.email).order_by(User.email))


@router.get("/users/london")
async def london_users(db: AsyncSession = Depends(get_async_db)):
    return await apaginate(db, select(User).where(User.city == "London"))
