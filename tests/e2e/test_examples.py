"""End to end: every bundled example, migrated by the real CLI, passes its own suite.

For each app in `examples/`, on a copy (the repository is never written):

- the original sync app's suite passes on SQLite and on PostgreSQL/psycopg2, so a failure
  after the migration is known to come from the migration;
- `sqla-async migrate <copy> --apply` (a subprocess, the default async target) exits 0 and
  keeps nothing sync but what the app's `keep-sync` lists;
- the app's suite, unchanged, passes on the migrated app on sqlite+aiosqlite and on
  PostgreSQL/asyncpg with as many tests as it has, warnings as errors;
- `sqla-async audit <copy>` exits 0, no `def` path operation touches a session, and a
  second `--apply` changes no byte.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MigratedExample, postgres_dsn
from tests.e2e.apps import (
    DATABASE_VARIABLES,
    EXAMPLES,
    cli,
    collected_count,
    copy_example,
    passed_count,
    path_operations,
    run_suite,
    sync_path_operations_with_a_session,
    tree_bytes,
)
from tests.e2e.conftest import psycopg2_url

NAMES = sorted(DATABASE_VARIABLES)
# Each example is migrated once per target for the whole session (`migrated_example`,
# tests/conftest.py). The tests that read one migration run on one worker, which makes it
# (a minute of CPU for the crm) while the other runs other tests instead of waiting for it.
MIGRATED = [
    pytest.param(name, marks=pytest.mark.xdist_group(f"e2e_{name}_async")) for name in NAMES
]
MIGRATED_TO_SYNC_2_0 = [
    pytest.param(name, marks=pytest.mark.xdist_group(f"e2e_{name}_sync_2_0")) for name in NAMES
]
pytestmark = pytest.mark.slow


def _copy_of(
    migrated_example: MigratedExample, example: str, tmp_path: Path, target: str | None = None
) -> Path:
    app = tmp_path / example
    shutil.copytree(migrated_example(example, target), app)
    return app


@pytest.mark.parametrize("example", NAMES)
def test_original_sync_suite_passes(tmp_path: Path, database_url: str | None, example: str) -> None:
    app = copy_example(tmp_path, example)
    assert passed_count(run_suite(app, database_url)) == collected_count(example)


@pytest.mark.parametrize("example", MIGRATED)
def test_migrated_suite_passes_unchanged(
    tmp_path: Path, database_url: str | None, example: str, migrated_example: MigratedExample
) -> None:
    app = _copy_of(migrated_example, example, tmp_path)
    original = tree_bytes(copy_example(tmp_path / "original", example) / "tests")
    if not any(b"dependency_overrides" in text for text in original.values()):
        # a black-box suite (HTTP only) is not touched; one that overrides `get_db` with a
        # session of its own is migrated with the app (swap_dependency_overrides)
        assert tree_bytes(app / "tests") == original
    assert passed_count(run_suite(app, database_url)) == collected_count(example)


@pytest.mark.parametrize("example", MIGRATED)
def test_migrated_app_has_no_sync_path_operation_on_a_session(
    example: str, migrated_example: MigratedExample
) -> None:
    app = migrated_example(example)
    assert len(path_operations(app)) == len(path_operations(EXAMPLES / example)) >= 6
    assert sync_path_operations_with_a_session(EXAMPLES / example) != []  # it was sync
    assert sync_path_operations_with_a_session(app) == []


# What the audit may still show after the migration: only what `keep-sync` keeps, allowed.
ALLOWED_AFTER = {
    "crm": [("SQA001", "app/legacy/exports.py"), ("SQA002", "app/legacy/exports.py")],
    "tutorial": [],
}


@pytest.mark.parametrize("example", MIGRATED)
def test_audit_of_the_migrated_app_exits_0(example: str, migrated_example: MigratedExample) -> None:
    audited = cli("audit", migrated_example(example), "--format", "json", measured=False)
    assert audited.returncode == 0, audited.stdout
    document = json.loads(audited.stdout)
    assert document["summary"]["open"] == 0
    allowed = sorted((f["rule"], f["path"]) for f in document["findings"] if f["allowed"])
    assert allowed == ALLOWED_AFTER[example]
    assert len(document["findings"]) == len(allowed)


@pytest.mark.parametrize("example", MIGRATED)
def test_second_apply_changes_nothing(
    tmp_path: Path, example: str, migrated_example: MigratedExample
) -> None:
    app = _copy_of(migrated_example, example, tmp_path)
    before = tree_bytes(app)
    again = cli("migrate", app, "--apply", measured=False)
    assert again.returncode == 0, again.stderr
    assert tree_bytes(app) == before


@pytest.mark.xdist_group("e2e_crm_async")
def test_migrated_stack_drives_aiosqlite_and_asyncpg(
    tmp_path: Path, migrated_example: MigratedExample
) -> None:
    """The crm example has no async stack: the one written reaches the sync engine's
    database through the async driver of its dialect, and hands out AsyncSessions."""
    app = _copy_of(migrated_example, "crm", tmp_path)
    probe = (  # the app itself only on SQLite: it creates its tables when imported
        "import asyncio\n"
        "from app.database import async_engine, engine, get_async_db\n"
        "assert async_engine.url.database == engine.url.database\n"
        "async def main():\n"
        "    import app.main\n"
        "    async for db in get_async_db():\n"
        "        return type(db).__name__\n"
        "print(async_engine.url.drivername)\n"
        "print(asyncio.run(main()) if engine.dialect.name == 'sqlite' else '-')\n"
    )
    urls = {
        f"sqlite:///{tmp_path / 'crm.db'}": "sqlite+aiosqlite\nAsyncSession",
        "postgresql+psycopg2://postgres@127.0.0.1:1/none": "postgresql+asyncpg\n-",
    }
    for url, expected in urls.items():
        env = {**os.environ, "CRM_DATABASE_URL": url}
        started = subprocess.run(
            [sys.executable, "-c", probe], cwd=app, env=env, capture_output=True, text=True
        )
        assert started.returncode == 0, started.stderr
        assert started.stdout.strip() == expected


@pytest.mark.parametrize("example", MIGRATED_TO_SYNC_2_0)
def test_sync_2_0_target_suite_passes(
    tmp_path: Path, request: pytest.FixtureRequest, example: str, migrated_example: MigratedExample
) -> None:
    """`--target sync-2.0`: every legacy query becomes 2.0 `select()` code on the same
    sync sessions, and the suite passes; on PostgreSQL when the DSN is set, else on SQLite
    (the equivalence suites run the 2.0 forms on both)."""
    app = _copy_of(migrated_example, example, tmp_path, "sync-2.0")
    database_url = None
    if postgres_dsn() is not None:
        database_url = psycopg2_url(request.getfixturevalue("pg_database"))
    assert passed_count(run_suite(app, database_url)) == collected_count(example)


@pytest.mark.parametrize("example", MIGRATED_TO_SYNC_2_0)
def test_sync_2_0_target_is_clean_and_stable(
    example: str, migrated_example: MigratedExample
) -> None:
    app = migrated_example(example, "sync-2.0")
    checked = cli("migrate", app, "--target", "sync-2.0", "--check", measured=False)
    assert checked.returncode == 0
    audited = cli("audit", app, "--target", "sync-2.0")  # measured: a clean text report
    assert audited.returncode == 0, audited.stdout
