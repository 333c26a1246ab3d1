"""The bundled example app as the README shows it: the dry run's diff, and the audit's
count of legacy queries against an independent one. Its suites, before and after the
migration, run in `tests/e2e/`."""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

import pytest

from codemods.runner import run
from codemods.settings import load_settings
from tests.e2e.apps import EXAMPLES, copy_example
from tests.test_cli import SCRIPT

EXAMPLE = EXAMPLES / "crm"
pytestmark = pytest.mark.slow


def test_dry_run_on_the_example_prints_a_diff_and_writes_nothing(tmp_path: Path) -> None:
    app = copy_example(tmp_path, "crm")
    before = {p: p.read_bytes() for p in app.rglob("*") if p.is_file()}
    done = subprocess.run(
        [SCRIPT, "migrate", str(app)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "--- a/app/crud/base.py\n+++ b/app/crud/base.py\n" in done.stdout
    signature = "+    async def get(self, db: AsyncSession, id: Any) -> ModelType | None:\n"
    assert signature in done.stdout  # the default target: async
    assert "+        return await db.get(self.model, id)\n" in done.stdout
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
