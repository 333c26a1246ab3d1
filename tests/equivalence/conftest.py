"""Fixtures the equivalence suites share."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import postgres_dsn


@pytest.fixture(params=["sqlite", "postgresql"], scope="module")
def urls(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    """(sync URL, async URL) of one database both sides run on: a SQLite file, or a
    PostgreSQL database of the module's own when the DSN is set."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("equivalence") / "equivalence.db"
        yield f"sqlite:///{path}", f"sqlite+aiosqlite:///{path}"
        return
    if postgres_dsn() is None:
        pytest.skip("PostgreSQL equivalence runs need SQLA_ASYNC_TEST_PG_DSN (set by .ci/run)")
    database: str = request.getfixturevalue("pg_module_database")
    base = database.split("://", 1)[1]
    yield f"postgresql+psycopg2://{base}", f"postgresql+asyncpg://{base}"
