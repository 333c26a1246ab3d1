"""The bundled example app: its own HTTP suite passes before and after `migrate --apply`.

The example is copied to a temporary folder first, so the repository is never written.
Each suite runs on SQLite and, when the DSN is set, on PostgreSQL (psycopg2).
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from codemods.runner import run
from codemods.settings import load_settings
from tests.conftest import postgres_dsn
from tests.test_cli import SCRIPT

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
EXAMPLE = EXAMPLES / "crm"
# Each example's suite reads the database to test against from its own variable.
DATABASE_VARIABLES = {"crm": "CRM_TEST_DATABASE_URL", "tutorial": "TUTORIAL_TEST_DATABASE_URL"}
pytestmark = pytest.mark.slow


def _copy(tmp_path: Path, name: str = "crm") -> Path:
    target = tmp_path / name
    ignore = shutil.ignore_patterns("__pycache__", "*.db", ".pytest_cache")
    shutil.copytree(EXAMPLES / name, target, ignore=ignore)
    return target


def _suite(app: Path, database_url: str | None) -> subprocess.CompletedProcess[str]:
    variable = DATABASE_VARIABLES[app.name]
    env = {k: v for k, v in os.environ.items() if k != variable}
    if database_url:
        env[variable] = database_url
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x"]
    return subprocess.run(command, cwd=app, env=env, capture_output=True, text=True, check=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> str | None:
    if request.param == "sqlite":
        return None
    if postgres_dsn() is None:
        pytest.skip("the PostgreSQL run needs SQLA_ASYNC_TEST_PG_DSN (set by .ci/run)")
    database: str = request.getfixturevalue("pg_database")
    return database.replace("postgresql://", "postgresql+psycopg2://", 1)


def _passed(done: subprocess.CompletedProcess[str]) -> str:
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert " passed" in summary
    assert "failed" not in summary
    assert "error" not in summary
    return summary


@pytest.mark.parametrize("example", sorted(DATABASE_VARIABLES))
def test_sync_example_suite_passes(tmp_path: Path, database_url: str | None, example: str) -> None:
    _passed(_suite(_copy(tmp_path, example), database_url))


@pytest.fixture(scope="module")
def async_migrated(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """Each example migrated once with `--target async --apply` (the CLI, in one run),
    checked, and kept for the suites that run it on each database."""
    done: dict[str, Path] = {}
    summaries: dict[str, str] = {}

    def migrated(example: str) -> Path:
        if example not in done:
            app = _copy(tmp_path_factory.mktemp("async"), example)
            migrate = [SCRIPT, "migrate", str(app), "--target", "async"]
            applied = subprocess.run([*migrate, "--apply"], capture_output=True, text=True)
            assert applied.returncode == 0, applied.stderr
            kept = [line for line in applied.stderr.splitlines() if "kept sync" in line]
            # only what the example's pyproject.toml keeps sync on purpose
            assert all("listed in `keep-sync`" in line for line in kept), kept
            again = subprocess.run([*migrate, "--check"], capture_output=True, text=True)
            assert again.returncode == 0, again.stdout  # a second run changes nothing
            done[example] = app
            summaries[example] = applied.stderr
        return done[example]

    migrated.summaries = summaries  # type: ignore[attr-defined]
    return migrated


ASYNC_GROUP = pytest.mark.xdist_group("async_migrated_examples")


@ASYNC_GROUP
@pytest.mark.parametrize("example", sorted(DATABASE_VARIABLES))
def test_async_migrated_example_suite_passes(
    tmp_path: Path,
    database_url: str | None,
    example: str,
    async_migrated: Callable[[str], Path],
) -> None:
    """`--target async` in one `--apply`: the app's own suite, unchanged (its pytest.ini
    turns warnings into errors, so a coroutine never awaited fails it), passes on
    aiosqlite and on asyncpg, as many tests as before; no sync path operation touches a
    session."""
    app = tmp_path / example
    shutil.copytree(async_migrated(example), app)
    summary = _passed(_suite(app, database_url))
    assert summary.split(" passed")[0].split()[-1] == _sync_count(example)
    assert _sync_path_operations_with_a_session(app) == []


def _sync_count(example: str) -> str:
    """How many tests the example has, counted by pytest without running them."""
    listed = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=EXAMPLES / example,
        capture_output=True,
        text=True,
        check=False,
    )
    return str(sum(1 for line in listed.stdout.splitlines() if "::" in line))


def _sync_path_operations_with_a_session(app: Path) -> list[str]:
    """`def` (not `async def`) path operations with a session parameter, by AST."""
    found = []
    for path in sorted(app.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef) or not any(
                isinstance(d, ast.Call)
                and isinstance(d.func, ast.Attribute)
                and d.func.attr in ("get", "post", "put", "patch", "delete", "websocket")
                for d in node.decorator_list
            ):
                continue
            source = ast.unparse(node.args)
            if "Session" in source or "get_db" in source:
                found.append(f"{path.relative_to(app)}:{node.lineno}")
    return found


def test_migrated_example_suite_passes(tmp_path: Path, database_url: str | None) -> None:
    app = _copy(tmp_path)
    applied = subprocess.run(
        [SCRIPT, "migrate", str(app), "--apply"], capture_output=True, text=True, check=False
    )
    assert applied.returncode == 0, applied.stderr
    assert " 0 migrated" not in applied.stderr
    _passed(_suite(app, database_url))
    again = subprocess.run(
        [SCRIPT, "migrate", str(app), "--check"], capture_output=True, text=True, check=False
    )
    assert again.returncode == 0, again.stdout
    # Every legacy query is gone, the ones handed to the pagination helper included
    # (judged for the sync 2.0 target this run migrated to; the audit's default is async).
    audited = subprocess.run(
        [SCRIPT, "audit", str(app), "--target", "sync-2.0"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert audited.returncode == 0, audited.stdout


def test_dry_run_on_the_example_prints_a_diff_and_writes_nothing(tmp_path: Path) -> None:
    app = _copy(tmp_path)
    before = {p: p.read_bytes() for p in app.rglob("*") if p.is_file()}
    done = subprocess.run(
        [SCRIPT, "migrate", str(app)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "--- a/app/crud/base.py\n+++ b/app/crud/base.py\n" in done.stdout
    assert "+        return db.get(self.model, id)\n" in done.stdout
    assert {p: p.read_bytes() for p in app.rglob("*") if p.is_file()} == before


def _query_calls_counted_with_ast() -> list[tuple[str, int]]:
    """An independent count: every `<name>.query(...)` call in the example app."""
    found = []
    for path in sorted((EXAMPLE / "app").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "query"
                and isinstance(node.func.value, ast.Name)
            ):
                found.append((path.relative_to(EXAMPLE).as_posix(), node.lineno))
    return sorted(found)


def test_audit_finds_every_legacy_query_in_the_example() -> None:
    report = run([EXAMPLE], EXAMPLE, load_settings(EXAMPLE), "audit")
    legacy = sorted((f.path, f.line) for f in report.findings if f.rule == "SQA001")
    assert legacy == _query_calls_counted_with_ast()
    assert len(legacy) >= 40
    assert report.exit_code == 1


@ASYNC_GROUP
def test_async_migration_writes_a_stack_the_app_starts_with(
    tmp_path: Path, async_migrated: Callable[[str], Path]
) -> None:
    """With `--target async` the example, which has no async stack, gets one: the app
    imports, and the async engine reaches the same SQLite file through aiosqlite."""
    app = tmp_path / "crm"
    shutil.copytree(async_migrated("crm"), app)
    assert "write_async_stack 2" in async_migrated.summaries["crm"]  # type: ignore[attr-defined]
    probe = (
        "import asyncio, app.main\n"
        "from app.database import async_engine, engine, get_async_db\n"
        "assert async_engine.url.drivername == 'sqlite+aiosqlite'\n"
        "assert async_engine.url.database == engine.url.database\n"
        "async def main():\n"
        "    async for db in get_async_db():\n"
        "        return type(db).__name__\n"
        "print(asyncio.run(main()))\n"
    )
    env = {**os.environ, "CRM_DATABASE_URL": f"sqlite:///{tmp_path / 'crm.db'}"}
    started = subprocess.run(
        [sys.executable, "-c", probe], cwd=app, env=env, capture_output=True, text=True, check=False
    )
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == "AsyncSession"
