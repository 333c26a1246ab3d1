from fastapi import APIRouter, Depends
from sqlalchemy import text
import os

from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite:///./app.db")

engine = create_engine(DATABASE_URL, pool_pre_ping=True, echo=False)
SessionLocal = sessionmaker(autocommit=False, autoflush=False, bind=engine)


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()

router = APIRouter()


@router.get("/ping")
def ping(db: Session = Depends(get_db)):
    return db.execute(text("SELECT 1")).scalar_one()
# output
from fastapi import APIRouter, Depends
from sqlalchemy import text
import os

from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite:///./app.db")

engine = create_engine(DATABASE_URL, pool_pre_ping=True, echo=False)
SessionLocal = sessionmaker(autocommit=False, autoflush=False, bind=engine)

# The asyncio driver of each sync one: the same database, reached from coroutines.
ASYNC_DRIVERS = {
    "postgresql": "postgresql+asyncpg",
    "postgresql+psycopg2": "postgresql+asyncpg",
    "postgresql+psycopg2cffi": "postgresql+asyncpg",
    "postgresql+pg8000": "postgresql+asyncpg",
    "postgresql+psycopg": "postgresql+psycopg",
    "postgres": "postgresql+asyncpg",
    "sqlite": "sqlite+aiosqlite",
    "sqlite+pysqlite": "sqlite+aiosqlite",
    "mysql": "mysql+aiomysql",
    "mysql+pymysql": "mysql+aiomysql",
    "mysql+mysqldb": "mysql+aiomysql",
    "mariadb+pymysql": "mariadb+aiomysql",
    "mssql+pyodbc": "mssql+aioodbc",
    "oracle+oracledb": "oracle+oracledb_async",
}


def async_database_url(url):
    url = make_url(url)
    return url.set(drivername=ASYNC_DRIVERS.get(url.drivername, url.drivername))


async_engine = create_async_engine(async_database_url(DATABASE_URL), pool_pre_ping=True, echo=False)
AsyncSessionLocal = async_sessionmaker(async_engine, autoflush=False, expire_on_commit=False)


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


async def get_async_db():
    async with AsyncSessionLocal() as db:
        yield db

router = APIRouter()


@router.get("/ping")
async def ping(db: AsyncSession = Depends(get_async_db)):
    return (await db.execute(text("SELECT 1"))).scalar_one()
