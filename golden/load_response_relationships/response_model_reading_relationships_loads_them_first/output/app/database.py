from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, sessionmaker
import functools
from pydantic import TypeAdapter, ValidationError

engine = create_engine("sqlite:///./app.db")
SessionLocal = sessionmaker(bind=engine)
async_engine = create_async_engine("sqlite+aiosqlite:///./app.db")
AsyncSessionLocal = async_sessionmaker(async_engine, expire_on_commit=False)


class Base(DeclarativeBase):
    pass


def get_db():
    with SessionLocal() as db:
        yield db


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
