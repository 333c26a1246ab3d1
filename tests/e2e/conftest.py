"""The databases an example's suite runs on: SQLite (a file the suite makes itself) and,
when `.ci/run` set the DSN, a PostgreSQL database of the test's own, dropped afterwards."""

from __future__ import annotations

import pytest

from tests.conftest import postgres_dsn


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> str | None:
    """None for SQLite (each example defaults to a file of its own); for PostgreSQL a
    psycopg2 URL: the sync app uses it as it is, the migrated one derives asyncpg from it."""
    if request.param == "sqlite":
        return None
    if postgres_dsn() is None:
        pytest.skip("the PostgreSQL run needs SQLA_ASYNC_TEST_PG_DSN (set by .ci/run)")
    return psycopg2_url(request.getfixturevalue("pg_database"))


def psycopg2_url(database: str) -> str:
    """`postgresql://...` as the sync examples' driver spells it."""
    return database.replace("postgresql://", "postgresql+psycopg2://", 1)
