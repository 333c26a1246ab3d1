"""Run an original module and its migrated version on identical databases and compare.

Each case function runs on a freshly created and seeded database: the original with a
sync `Session`, the migrated one with an `AsyncSession`, or both with sync sessions when
the migration is a sync-to-sync rewrite. Compared: the return value (ORM objects by
class, identity and loaded column values; rows as tuples), the type of any exception
raised, and every row of every table afterwards.
"""

from __future__ import annotations

import asyncio
import inspect
import sys
import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import create_engine, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.orm import Session

from codemods.engine import MigrationResult, migrate_source
from codemods.index import ProjectIndex
from codemods.settings import Settings
from tests.equivalence.models import Base, seed_rows


@dataclass(frozen=True)
class Outcome:
    result: Any
    error: str | None
    tables: dict[str, list[tuple[Any, ...]]]


def load_module(name: str, source: str) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__file__ = f"<{name}>"
    sys.modules[name] = module
    exec(compile(source, f"<{name}>", "exec"), module.__dict__)
    return module


def migrate_text(source: str, relpath: str = "case.py") -> str:
    result = migrate_source(source, SYNC_2_0, ProjectIndex(), relpath=relpath)
    assert isinstance(result, MigrationResult), result
    return result.code


UNLOADED = "<not loaded>"
# These suites compare the sync 2.0 target with the legacy original on the same Session.
SYNC_2_0 = Settings(target="sync-2.0")


def _column_values(value: Any, may_load: bool) -> dict[str, Any]:
    state = sa_inspect(value)
    keys = [c.key for c in state.mapper.column_attrs]
    if may_load and not state.deleted and not state.detached:
        # A sync session reloads expired attributes on access, as the original code would.
        return {key: getattr(value, key) for key in keys}
    # Never trigger IO on the async side: an unloaded attribute shows up as a mismatch.
    return {key: state.dict.get(key, UNLOADED) for key in keys}


def normalize(value: Any, may_load: bool) -> Any:
    """A comparable form: ORM objects by class, identity and column values; rows as tuples."""
    if isinstance(value, Row):
        return ("Row", tuple(normalize(v, may_load) for v in value))
    if isinstance(value, list | tuple):
        return [normalize(v, may_load) for v in value]
    if isinstance(value, dict):
        return {key: normalize(v, may_load) for key, v in value.items()}
    if hasattr(value, "__mapper__"):
        identity = sa_inspect(value).identity
        return (type(value).__name__, identity, _column_values(value, may_load))
    return value


def _tables(connection: Any) -> dict[str, list[tuple[Any, ...]]]:
    return {
        table.name: sorted(tuple(row) for row in connection.execute(select(table)))
        for table in Base.metadata.sorted_tables
    }


def _reset_sync(url: str) -> Any:
    engine = create_engine(url)
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        session.add_all(seed_rows())
        session.commit()
    return engine


def run_sync(url: str, function: Callable[..., Any], args: Sequence[Any]) -> Outcome:
    engine = _reset_sync(url)
    result, error = None, None
    with Session(engine) as session:
        try:
            result = normalize(function(session, *args), may_load=True)
        except Exception as exc:
            error = type(exc).__name__
    with engine.connect() as connection:
        tables = _tables(connection)
    engine.dispose()
    return Outcome(result, error, tables)


async def _run_async(
    async_url: str, sync_url: str, function: Callable[..., Any], args: Sequence[Any]
) -> Outcome:
    _reset_sync(sync_url).dispose()
    engine = create_async_engine(async_url)
    result, error = None, None
    async with AsyncSession(engine, expire_on_commit=False) as session:
        try:
            value = function(session, *args)
            result = normalize(await value if inspect.isawaitable(value) else value, False)
        except Exception as exc:
            error = type(exc).__name__
    async with engine.connect() as connection:
        tables = await connection.run_sync(_tables)
    await engine.dispose()
    return Outcome(result, error, tables)


def run_async(
    async_url: str, sync_url: str, function: Callable[..., Any], args: Sequence[Any]
) -> Outcome:
    return asyncio.run(_run_async(async_url, sync_url, function, args))
