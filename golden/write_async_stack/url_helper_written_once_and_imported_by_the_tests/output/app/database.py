import os

from fastapi import Depends, FastAPI
from sqlalchemy import create_engine, text
from sqlalchemy.orm import sessionmaker
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from contextlib import asynccontextmanager

engine = create_engine(os.environ["DATABASE_URL"])
SessionLocal = sessionmaker(bind=engine)

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


async_engine = create_async_engine(async_database_url(os.environ["DATABASE_URL"]))
AsyncSessionLocal = async_sessionmaker(async_engine, expire_on_commit=False)


@asynccontextmanager
async def lifespan(app):
    yield
    # asyncio connections belong to the loop that opened them: close them with it
    await async_engine.dispose()


app = FastAPI(lifespan=lifespan)


def get_db():
    with SessionLocal() as db:
        yield db


async def get_async_db():
    async with AsyncSessionLocal() as db:
        yield db


@app.get("/ping")
async def ping(db: AsyncSession = Depends(get_async_db)):
    return (await db.execute(text("SELECT 1"))).scalar_one()
