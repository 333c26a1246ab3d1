"""Shared fixtures and the `--update-golden` flag."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

PG_DSN_VARIABLE = "SQLA_ASYNC_TEST_PG_DSN"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the expected part of golden/ cases from the tool's output",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def postgres_dsn() -> str | None:
    """The PostgreSQL DSN `.ci/run` sets (postgresql://user@host:port/db), if any."""
    return os.environ.get(PG_DSN_VARIABLE) or None


def _fresh_pg_database() -> Iterator[str]:
    dsn = postgres_dsn()
    if dsn is None:
        pytest.skip(f"PostgreSQL tests need {PG_DSN_VARIABLE} (set by .ci/run)")
    import psycopg2

    name = f"sqla_async_{uuid.uuid4().hex[:12]}"
    admin = psycopg2.connect(dsn)
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        yield dsn.rsplit("/", 1)[0] + "/" + name
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.close()


@pytest.fixture
def pg_database() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test; dropped afterwards."""
    yield from _fresh_pg_database()


@pytest.fixture(scope="module")
def pg_module_database() -> Iterator[str]:
    """One PostgreSQL database for a module whose tests reset it themselves."""
    yield from _fresh_pg_database()
