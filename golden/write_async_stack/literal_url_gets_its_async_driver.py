from fastapi import APIRouter, Depends
from sqlalchemy import text
import psycopg2
from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker

engine = create_engine(
    "postgresql+psycopg2://app@db/app",
    pool_size=10,
    creator=lambda: psycopg2.connect("dbname=app"),  # a sync DBAPI connection: not carried over
)
SessionLocal = sessionmaker(engine, class_=Session, expire_on_commit=True)


def get_db():
    with SessionLocal() as session:
        yield session

router = APIRouter()


@router.get("/ping")
def ping(db: Session = Depends(get_db)):
    return db.execute(text("SELECT 1")).scalar_one()
# output
from fastapi import APIRouter, Depends
from sqlalchemy import text
import psycopg2
from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

engine = create_engine(
    "postgresql+psycopg2://app@db/app",
    pool_size=10,
    creator=lambda: psycopg2.connect("dbname=app"),  # a sync DBAPI connection: not carried over
)
SessionLocal = sessionmaker(engine, class_=Session, expire_on_commit=True)
async_engine = create_async_engine("postgresql+asyncpg://app@db/app", pool_size=10)
AsyncSessionLocal = async_sessionmaker(async_engine, expire_on_commit=False)


def get_db():
    with SessionLocal() as session:
        yield session


async def get_async_db():
    async with AsyncSessionLocal() as session:
        yield session

router = APIRouter()


@router.get("/ping")
async def ping(db: AsyncSession = Depends(get_async_db)):
    return (await db.execute(text("SELECT 1"))).scalar_one()
