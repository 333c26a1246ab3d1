"""Migrated test suites run: the golden pytest projects pass, sync before and async after.

The inputs of `golden/mark_async_tests/` are small projects with their own tests; each is
copied, run with pytest as it is (sync), migrated by the real CLI (`--apply`), and run
again with warnings as errors, so a coroutine never awaited, an async fixture pytest did
not run, or an AsyncSession used in the wrong event loop fails the test.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.golden_cases import GOLDEN
from tests.test_cli import SCRIPT

CASES = GOLDEN / "mark_async_tests"
# Creates the tables before each test (a project's own suite would have its own way).
SCHEMA = """

import pytest as _pytest


@_pytest.fixture(autouse=True)
def _schema():
    import app.models  # noqa: F401
    from app.database import Base, engine

    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
"""
PYTEST = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "error"]
# The advice the run gives for these projects, which do not configure pytest-asyncio.
LOOP_SCOPE = ["-o", "asyncio_default_fixture_loop_scope=function"]


def _project(tmp_path: Path, case: str) -> Path:
    target = tmp_path / case
    shutil.copytree(CASES / case / "input", target)
    with (target / "tests" / "conftest.py").open("a", encoding="utf-8") as conftest:
        conftest.write(SCHEMA)
    return target


def _pytest(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*PYTEST, *LOOP_SCOPE, "tests"], cwd=project, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    "case",
    [
        "tests_and_fixtures_sharing_a_session_become_async",
        "session_scoped_fixture_gives_every_async_test_its_loop_scope",
        "anyio_project_marks_async_tests_with_anyio",
        "asyncio_mode_auto_needs_no_marks",
    ],
)
def test_suite_passes_before_and_after_migration(tmp_path: Path, case: str) -> None:
    project = _project(tmp_path, case)
    before = _pytest(project)
    assert before.returncode == 0, before.stdout + before.stderr
    migrate = [SCRIPT, "migrate", str(project), "--apply"]
    applied = subprocess.run(migrate, capture_output=True, text=True, check=False)
    assert applied.returncode == 0, applied.stderr
    assert "mark_async_tests" in applied.stderr
    after = _pytest(project)
    assert after.returncode == 0, after.stdout + after.stderr
    assert (
        before.stdout.splitlines()[-1].split(" in ")[0]
        == (after.stdout.splitlines()[-1].split(" in ")[0])
    )  # the same number of tests passed


def test_run_says_what_the_project_must_add(tmp_path: Path) -> None:
    project = _project(tmp_path, "tests_and_fixtures_sharing_a_session_become_async")
    dry = subprocess.run([SCRIPT, "migrate", str(project)], capture_output=True, text=True)
    assert "tests: 5 test(s) and fixture(s) become async" in dry.stderr
    assert "add pytest-asyncio to the test dependencies" in dry.stderr
    assert "asyncio_default_fixture_loop_scope" in dry.stderr
