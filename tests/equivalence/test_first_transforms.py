"""The migrated code returns what the original returned and leaves the same rows.

`query_get_to_session_get` is a sync rewrite: original and migrated both run on a sync
Session. `await_session_io` is checked against the intended behaviour: the same code
run synchronously, versus the migrated code on an AsyncSession.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.exc import LegacyAPIWarning

from tests.conftest import postgres_dsn
from tests.equivalence.harness import load_module, migrate_text, run_async, run_sync
from tests.equivalence.originals import await_io, query_get

ORIGINALS = Path(__file__).parent / "originals"


@pytest.fixture(params=["sqlite", "postgresql"])
def urls(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """(sync URL, async URL) of one empty database."""
    if request.param == "sqlite":
        path = tmp_path / "equivalence.db"
        yield f"sqlite:///{path}", f"sqlite+aiosqlite:///{path}"
        return
    if postgres_dsn() is None:
        pytest.skip("PostgreSQL equivalence runs need SQLA_ASYNC_TEST_PG_DSN (set by .ci/run)")
    database = request.getfixturevalue("pg_database")
    base = database.split("://", 1)[1]
    yield f"postgresql+psycopg2://{base}", f"postgresql+asyncpg://{base}"


def _migrated(name: str) -> str:
    source = (ORIGINALS / f"{name}.py").read_text()
    migrated = migrate_text(source, f"{name}.py")
    assert migrated != source
    return migrated


@pytest.mark.parametrize(("function", "args"), query_get.CASES)
def test_query_get_to_session_get(
    urls: tuple[str, str], function: str, args: tuple[object, ...]
) -> None:
    migrated = load_module("migrated_query_get", _migrated("query_get"))
    assert "query(" not in migrated.__dict__[function].__code__.co_names
    sync_url, _ = urls
    with warnings.catch_warnings():
        # The original is legacy code: Query.get() warns, the migrated code must not.
        warnings.simplefilter("ignore", LegacyAPIWarning)
        original = run_sync(sync_url, getattr(query_get, function), args)
    after = run_sync(sync_url, getattr(migrated, function), args)
    assert after == original


def _sync_reference() -> object:
    source = (ORIGINALS / "await_io.py").read_text()
    source = source.replace("async def ", "def ").replace(
        "from sqlalchemy.ext.asyncio import AsyncSession",
        "from sqlalchemy.orm import Session as AsyncSession",
    )
    return load_module("sync_reference_await_io", source)


@pytest.mark.parametrize(("function", "args"), await_io.CASES)
def test_await_session_io(urls: tuple[str, str], function: str, args: tuple[object, ...]) -> None:
    migrated = load_module("migrated_await_io", _migrated("await_io"))
    sync_url, async_url = urls
    reference = run_sync(sync_url, getattr(_sync_reference(), function), args)
    after = run_async(async_url, sync_url, getattr(migrated, function), args)
    assert after == reference
