"""The benchmark's synthetic projects (`bench/generate.py`): they compile, keep the mix of
real apps, come out the same for a seed, and migrate to async without an error."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
SCRIPT = shutil.which("sqla-async", path=os.path.dirname(sys.executable)) or "sqla-async"


def _load(name: str) -> ModuleType:
    """A script of bench/, which is not a package (no bytecode left in the checkout)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
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


generate = _load("generate")


def test_every_file_compiles_and_a_seed_gives_the_same_bytes() -> None:
    files = generate.write_project(generate.plan(20, 0), 0)
    python = {path: text for path, text in files.items() if path.endswith(".py")}
    assert len(python) == 20
    for path, text in python.items():
        compile(text, path, "exec")
    assert generate.write_project(generate.plan(20, 0), 0) == files
    assert generate.write_project(generate.plan(20, 1), 1) != files


@pytest.mark.parametrize(
    ("share", "expected"),
    [
        pytest.param("session files", 0.40, id="40% of the files touch a session"),
        pytest.param("all", 0.26, id="chains end in all()"),
        pytest.param("first", 0.25, id="chains end in first()"),
        pytest.param("one_or_none", 0.16, id="chains end in one_or_none()"),
        pytest.param("get", 0.12, id="chains end in get()"),
        pytest.param("count", 0.08, id="chains end in count()"),
        pytest.param("iterate", 0.05, id="chains are iterated"),
        pytest.param("delete", 0.04, id="chains end in delete()"),
        pytest.param("variable", 0.15, id="chains held in a variable"),
        pytest.param("returned", 0.10, id="chains returned unexecuted"),
        pytest.param("unannotated", 0.44, id="session parameters without an annotation"),
    ],
)
def test_the_10x_project_keeps_the_census_mix(share: str, expected: float) -> None:
    assert generate.plan(700, 0).mix()[share] == pytest.approx(expected, abs=0.01)


def test_sessions_travel_up_to_5_calls_deep() -> None:
    mix = generate.plan(700, 0).mix()
    assert all(mix[f"depth {depth}"] > 0.04 for depth in range(6))


def test_the_project_migrates_to_async_without_an_error(tmp_path: Path) -> None:
    tree = tmp_path / "project"
    generate.generate(tree, 20)
    # Not measured by coverage (the engine's own tests are): traced, the run takes 4x longer.
    env = {k: v for k, v in os.environ.items() if not k.startswith("COVERAGE_PROCESS_")}
    env.update(NO_COLOR="1", COLUMNS="200")
    argv = [SCRIPT, "migrate", str(tree), "--target", "async", "--jobs", "1"]
    result = subprocess.run(argv, capture_output=True, env=env, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "20 file(s) scanned" in result.stderr
    assert "failed" not in result.stderr
    assert "could not be" not in result.stderr
    assert "no open findings" in result.stderr
    assert "+async def " in result.stdout
