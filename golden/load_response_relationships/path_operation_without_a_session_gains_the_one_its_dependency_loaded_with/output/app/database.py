from sqlalchemy import create_engine
from sqlalchemy.orm import declarative_base, sessionmaker
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
import functools
from pydantic import TypeAdapter, ValidationError

engine = create_engine("sqlite:///./x.db")
SessionLocal = sessionmaker(bind=engine)
async_engine = create_async_engine("sqlite+aiosqlite:///./x.db")
AsyncSessionLocal = async_sessionmaker(async_engine, expire_on_commit=False)
Base = declarative_base()


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


async def get_async_db():
    async with AsyncSessionLocal() as db:
        yield db


@functools.cache
def _response_adapter(response_model):
    return TypeAdapter(response_model)


async def load_for_response(db: AsyncSession, response_model, value):
    """Reads what FastAPI reads to serialise `value` as `response_model` (every field,
    nested models too) through the session, before it does: under asyncio a relationship
    read after the path operation returns, outside the session's greenlet, raises
    MissingGreenlet instead of loading."""

    def read(_session):
        try:
            _response_adapter(response_model).validate_python(value, from_attributes=True)
        except ValidationError:
            pass  # FastAPI reports the invalid response itself, as before

    await db.run_sync(read)
    return value
