"""`bench/concurrency.py`, the example app sync and async under the same load: a smoke run
with a tiny load on PostgreSQL, and its helpers."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import MigratedExample, postgres_dsn

SCRIPT = Path(__file__).resolve().parents[1] / "bench" / "concurrency.py"


def _load() -> ModuleType:
    """The script as a module (bench/ is not a package; no bytecode left in the checkout)."""
    spec = importlib.util.spec_from_file_location("bench_concurrency", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    writes, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = writes
    return module


def test_percentiles_are_nearest_rank() -> None:
    bench = _load()
    values = [float(v) for v in range(1, 101)]
    assert bench.percentile(values, 50) == 50.0
    assert bench.percentile(values, 99) == 99.0
    assert bench.percentile([7.0], 99) == 7.0


def test_the_apps_get_a_database_of_their_own_on_the_same_server() -> None:
    bench = _load()
    url = bench.database_url(
        "postgresql://postgres@127.0.0.1:5432/test", "b1", "postgresql+psycopg2"
    )
    assert url == "postgresql+psycopg2://postgres@127.0.0.1:5432/b1"


@pytest.mark.slow
@pytest.mark.xdist_group("e2e_crm_async")  # with the other readers of the same migration
def test_both_apps_serve_the_same_load_without_an_error(
    migrated_example: MigratedExample,
) -> None:
    dsn = postgres_dsn()
    if dsn is None:
        pytest.skip("the benchmark needs SQLA_ASYNC_TEST_PG_DSN (set by .ci/run)")
    pytest.importorskip("uvicorn", reason="the benchmark serves the apps with uvicorn")
    # The servers are not measured by coverage: traced, they would measure the tracer.
    env = {k: v for k, v in os.environ.items() if not k.startswith("COVERAGE_PROCESS_")}
    argv = [sys.executable, str(SCRIPT), "--dsn", dsn, "--duration", "1", "--concurrency", "2"]
    argv += ["--repeat", "1", "--warmup", "0.5", "--customers", "5"]
    # the session's migration of the example (the e2e tests run its suite), not one more
    argv += ["--migrated", str(migrated_example("crm"))]
    done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=900, check=False)
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    rows = {}
    for line in done.stdout.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 11 and cells[1] in ("sync", "async"):
            rows[cells[0], cells[1]] = cells
    assert set(rows) == {(e, a) for e in ("sleep", "customers") for a in ("sync", "async")}
    for (endpoint, app), cells in rows.items():
        assert float(cells[3]) > 0, f"{endpoint} {app} served nothing"
        assert cells[6] == "0", f"{endpoint} {app}: {cells[6]} error(s)"


def test_a_migration_made_beforehand_must_be_async(tmp_path: Path) -> None:
    """`--migrated` takes a copy on trust only so far: an unmigrated app has no async
    `/health/db` to compare with."""
    bench = _load()
    with pytest.raises(SystemExit, match="is not async"):
        bench.copy_apps(tmp_path, bench.EXAMPLE)
    assert (tmp_path / "async" / "crm" / "app" / "main.py").is_file()  # copied, not migrated
