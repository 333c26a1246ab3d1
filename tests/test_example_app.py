"""The bundled example app as the README shows it: the dry run's diff, and the audit's
count of legacy queries against an independent one. Its suites, before and after the
migration, run in `tests/e2e/`."""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

import pytest

from codemods.runner import RunReport
from tests.conftest import READS_THE_CRM_AUDIT_REPORT, SharedArtefacts
from tests.e2e.apps import EXAMPLES, cli, copy_example

EXAMPLE = EXAMPLES / "crm"
pytestmark = pytest.mark.slow

DryRun = tuple[Path, subprocess.CompletedProcess[str]]


def _dry_run_a_copy(folder: Path) -> DryRun:
    app = copy_example(folder, "crm")
    return app, cli("migrate", app, measured=False)


@pytest.fixture(scope="session")
def crm_dry_run(shared: SharedArtefacts) -> DryRun:
    """A copy of the example after `sqla-async migrate COPY`, and what that printed."""
    return shared.get("crm-dry-run", _dry_run_a_copy)


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_dry_run_on_the_example_prints_a_diff_and_writes_nothing(
    tmp_path: Path, crm_dry_run: DryRun
) -> None:
    app, done = crm_dry_run
    assert done.returncode == 0, done.stderr
    assert "--- a/app/crud/base.py\n+++ b/app/crud/base.py\n" in done.stdout
    signature = "+    async def get(self, db: AsyncSession, id: Any) -> ModelType | None:\n"
    assert signature in done.stdout  # the default target: async
    assert "+        return await db.get(self.model, id)\n" in done.stdout
    # the copy it ran on is still byte for byte a fresh copy of the example
    assert _files(app) == _files(copy_example(tmp_path, "crm"))


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


@READS_THE_CRM_AUDIT_REPORT
def test_audit_finds_every_legacy_query_in_the_example(
    crm_audit_report: tuple[Path, RunReport],
) -> None:
    _, report = crm_audit_report
    legacy = sorted((f.path, f.line) for f in report.findings if f.rule == "SQA001")
    assert legacy == _query_calls_counted_with_ast()
    assert len(legacy) >= 40
    assert report.exit_code == 1
