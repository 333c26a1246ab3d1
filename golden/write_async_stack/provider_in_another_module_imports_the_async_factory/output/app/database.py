from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from app.config import DATABASE_URL
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

engine = create_engine(DATABASE_URL)
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


async_engine = create_async_engine(async_database_url(DATABASE_URL))
AsyncSessionLocal = async_sessionmaker(async_engine, expire_on_commit=False)
