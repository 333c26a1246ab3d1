"""Shared fixtures, the `--update-golden` flag, and the artefacts computed once per session
(the example apps migrated and audited, which cost a minute of CPU each)."""

from __future__ import annotations

import fcntl
import os
import pickle
import shutil
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import pytest

from codemods.runner import Mode, RunReport
from codemods.settings import Settings, load_settings
from tests.e2e.apps import cli, copy_example, untraced_environment

T = TypeVar("T")

PG_DSN_VARIABLE = "SQLA_ASYNC_TEST_PG_DSN"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the expected part of golden/ cases from the tool's output",
    )


@pytest.hookimpl(trylast=True)  # after pytest-xdist's own hook, which names the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Put each `xdist_group` back in its tests' node ids, where `--dist=loadgroup` looks for
    it: pytest-xdist 3.8 writes it to `item._nodeid`, which pytest 9.2 no longer reads, so
    every group was quietly spread over the workers (pytest-dev/pytest-xdist#1386). A no-op
    once xdist does it, and without xdist."""
    if not getattr(config.option, "loadgroup", False):  # set in `--dist=loadgroup` workers
        return
    for item in items:
        names = sorted({_group_name(mark) for mark in item.iter_markers("xdist_group")})
        suffix = "@" + "_".join(names)
        structured: Any = getattr(item, "_id", None)  # pytest 9.2: a NodeId; before, none
        if names and not item.nodeid.endswith(suffix) and hasattr(structured, "parse"):
            item._id = type(structured).parse(item.nodeid + suffix)


def _group_name(mark: pytest.Mark) -> str:
    return str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))


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


class SharedArtefacts:
    """Results computed once per test session, whichever xdist worker asks first: the
    others wait on the artefact's lock, then read what it left in the shared folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(self, name: str, compute: Callable[[Path], T]) -> T:
        """`compute(folder)`'s value, computed in the first call of the session. It may
        leave files in `folder`: callers read them and copy them before changing anything."""
        folder = self.folder / name
        done = folder / "done.pickle"  # written last, by a rename: only a finished result
        with (self.folder / f"{name}.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
            if not done.exists():
                shutil.rmtree(folder, ignore_errors=True)  # left by a compute that raised
                folder.mkdir()
                value = compute(folder)
                staged = folder / "done.pickle.part"
                staged.write_bytes(pickle.dumps(value))
                staged.replace(done)
        loaded: T = pickle.loads(done.read_bytes())
        return loaded


@pytest.fixture(scope="session")
def shared(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> SharedArtefacts:
    """Under xdist each worker's temporary folder sits in the run's own, which they share."""
    base = tmp_path_factory.getbasetemp()
    run_folder = base.parent if hasattr(request.config, "workerinput") else base
    folder = run_folder / "shared-artefacts"
    folder.mkdir(exist_ok=True)
    return SharedArtefacts(folder)


MigratedExample = Callable[..., Path]


@pytest.fixture(scope="session")
def migrated_example(shared: SharedArtefacts) -> MigratedExample:
    """`migrated_example(name, target=None)`: the example migrated by `sqla-async migrate
    <copy> --apply` (no `--target`: the default, async, else `--target TARGET`), once per
    session; kept as it was written, so a test copies it before running anything in it."""

    def migrated(example: str, target: str | None = None) -> Path:
        name = f"migrated-{example}-{target or 'default'}"
        app, applied = shared.get(name, lambda folder: _migrate_a_copy(folder, example, target))
        assert applied.returncode == 0, applied.stderr
        assert " 0 migrated" not in applied.stderr, applied.stderr
        kept = [line for line in applied.stderr.splitlines() if "kept sync" in line]
        assert all("listed in `keep-sync`" in line for line in kept), kept
        return app

    return migrated


def _migrate_a_copy(
    folder: Path, example: str, target: str | None
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    app = copy_example(folder, example)
    chosen = ("--target", target) if target else ()
    # measured by coverage for the default target: lines only an app this size reaches
    return app, cli("migrate", app, *chosen, "--apply", measured=target is None)


# The tests that read `crm_audit_report` run on one worker, which makes it while the other
# runs other tests instead of waiting for it (`--dist=loadgroup`).
READS_THE_CRM_AUDIT_REPORT = pytest.mark.xdist_group("crm_audit_report")


@pytest.fixture(scope="session")
def crm_audit_report(shared: SharedArtefacts) -> tuple[Path, RunReport]:
    """A copy of the crm example and the runner's audit of it with the async target."""
    return shared.get("crm-audit-report", _audit_crm_copy)


def _audit_crm_copy(folder: Path) -> tuple[Path, RunReport]:
    root = copy_example(folder, "crm")
    settings = replace(load_settings(root), target="async")
    return root, run_untraced([root], root, settings, "audit")


RUN = (
    "import pickle, sys\n"
    "from codemods.runner import run\n"
    "paths, root, settings, mode = pickle.load(sys.stdin.buffer)\n"
    "sys.stdout.buffer.write(pickle.dumps(run(paths, root, settings, mode)))\n"
)


def run_untraced(paths: list[Path], root: Path, settings: Settings, mode: Mode) -> RunReport:
    """`codemods.runner.run(...)` in a process of its own that coverage does not trace, for a
    big project whose lines the rest of the suite covers (traced, it takes three times as
    long)."""
    arguments = pickle.dumps((paths, root, settings, mode))
    argv = [sys.executable, "-c", RUN]
    env = untraced_environment()
    done = subprocess.run(argv, input=arguments, env=env, capture_output=True, check=False)
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-3000:]
    report: RunReport = pickle.loads(done.stdout)
    return report
