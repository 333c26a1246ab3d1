"""`bench/realworld.py`: its counts on the tutorial example agree with counts made here,
and its own counters see what they claim to."""

from __future__ import annotations

import ast
import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "bench" / "realworld.py"
TUTORIAL = ROOT / "examples" / "tutorial"


def _load() -> ModuleType:
    """The script (bench/ is not a package), without leaving bytecode in the checkout."""
    spec = importlib.util.spec_from_file_location("bench_realworld", SCRIPT)
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


realworld = _load()


def _sources(tree: Path) -> dict[str, bytes]:
    return {
        p.relative_to(tree).as_posix(): p.read_bytes()
        for p in sorted(tree.rglob("*.py"))
        if "__pycache__" not in p.parts
    }


def _count(files: dict[str, bytes], kind: type[ast.AST], attribute: str | None = None) -> int:
    """Nodes of `kind` in every file; with `attribute`, calls of a method of that name."""
    found = 0
    for path, data in files.items():
        for node in ast.walk(ast.parse(data, path)):
            if attribute is None:
                found += isinstance(node, kind)
            else:
                found += (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == attribute
                )
    return found


def _row(output: str, app: str) -> dict[str, str]:
    """The Markdown table row of `app`, by column."""
    lines = [line for line in output.splitlines() if line.startswith("| ")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    for line in lines[1:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if cells[0] == app:
            return dict(zip(header, cells, strict=True))
    raise AssertionError(f"no row for {app} in:\n{output}")


@pytest.mark.slow
def test_the_tutorial_row_matches_counts_made_here(tmp_path: Path) -> None:
    original = _sources(TUTORIAL)
    keep = tmp_path / "copies"
    # Not measured by coverage (the engine's own tests are): traced, the run is slower.
    env = {k: v for k, v in os.environ.items() if not k.startswith("COVERAGE_PROCESS_")}
    argv = [sys.executable, str(SCRIPT), str(TUTORIAL), "--jobs", "1", "--keep", str(keep)]
    done = subprocess.run(
        [*argv, "--markdown"], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert _sources(TUTORIAL) == original  # the checkout is never written
    row = _row(done.stdout, "tutorial")
    migrated = _sources(keep / "tutorial")
    for path, data in migrated.items():
        compile(data, path, "exec", dont_inherit=True)

    chains = _count(original, ast.Call, "query")  # every `.query(` of the tutorial is on `db`
    assert chains > 0
    assert row["query chains before"] == str(chains)
    assert row["after"] == "0" == str(_count(migrated, ast.Call, "query"))
    # every chain became a statement run on the session or a `session.get()`
    assert int(row["execute(select) after"]) + int(row["get(X, pk) after"]) == chains
    added = _count(migrated, ast.AsyncFunctionDef) - _count(original, ast.AsyncFunctionDef)
    assert added > 0
    assert row["async def added"] == str(added)
    assert row[".py files"] == str(len(original))
    changed = sorted(
        p for p in original.keys() | migrated.keys() if original.get(p) != migrated.get(p)
    )
    assert changed
    assert row["changed"] == str(len(changed))
    checks = ["not compiling", "broken imports", "undefined names", "coroutines not awaited"]
    assert [row[check] for check in checks] == ["0", "0", "0", "0"]
    assert (row["exit"], row["tool errors"], row["kept sync"]) == ("0", "0", "0")
    assert f"SQA001 {chains}" in row["findings before"]  # the audit sees the same chains
    assert "SQA001" not in row["findings after"]
    assert float(row["migrate s"]) > 0


def test_the_counters_see_sessions_statements_and_missing_names() -> None:
    source = b"""
from app.models import User
from sqlalchemy import select as sa_select

def f(db, self, es):
    db.query(User).all()
    self._db.query(User).first()
    SessionLocal().query(User).count()
    es.query({"match": 1})
    stmt = sa_select(User)
    stmt = stmt.where(User.id == 1)
    db.execute(stmt)
    self.session.scalars(sa_select(User).limit(1))
    db.execute("SELECT 1")
    db.get(User, 1)
    return undefined_name

async def g():
    pass
"""
    facts = realworld.file_facts(source, "f.py")
    assert facts.compiles
    assert facts.chains == [6, 7, 8]  # not `es.query(...)`: not a session
    assert (facts.statements, facts.gets, facts.async_defs) == (2, 1, 1)
    assert set(facts.unbound) == {"SessionLocal", "undefined_name"}
    assert not realworld.file_facts(b"def f(db):\n    await db.commit()\n", "g.py").compiles

    calls = b"async def f(db):\n    await g(db)\n    g(db)\n    await db.run_sync(g)\n"
    assert sorted(realworld.file_facts(calls, "h.py").calls) == [
        ("g", 2, True),
        ("g", 3, False),
        ("g", 4, False),
        ("run_sync", 4, True),
    ]

    models = realworld.file_facts(b"class User: ...\n", "app/models.py")
    app = realworld.file_facts(b"from .models import User, Item\n", "app/main.py")
    found = realworld.broken_imports({"app/models.py": models, "app/main.py": app})
    assert list(found.values()) == ["app/main.py:1: from app.models import Item"]
