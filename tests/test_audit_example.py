"""The audit on the example app, through the CLI: before migration it reports every
legacy query, session opened by hand and sync path operation (checked against counts a
plain `ast` walk makes here), the text, JSON, SARIF and Markdown reports agree, and
after `migrate --apply` nothing is open and it exits 0. Allow pragmas with and without
a reason behave as documented.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import SharedArtefacts
from tests.e2e.apps import cli

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "crm"
SCRIPT = str(Path(sys.executable).with_name("sqla-async"))
SESSION_NAMES = {"db", "session", "sess", "db_session"}
ROUTES = {"get", "post", "put", "patch", "delete", "websocket"}
# One worker audits the example in every format (two minutes with coverage), while the
# other runs other tests instead of waiting for the same reports.
pytestmark = pytest.mark.xdist_group("crm_audit_cli")


def audit(root: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SCRIPT, "audit", str(root), *options], capture_output=True, text=True)


def _copy_the_example(folder: Path) -> Path:
    root = folder / "crm"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__", "*.db"))
    return root


@pytest.fixture(scope="session")
def crm(shared: SharedArtefacts) -> Path:
    """A copy of the example, audited by `reports`: read it, copy it to change it."""
    return shared.get("crm-for-the-audits", _copy_the_example)


@pytest.fixture(scope="session")
def reports(shared: SharedArtefacts, crm: Path) -> dict[str, str]:
    """The CLI's report of `crm` in each format, made once per session."""
    found = {}
    for fmt in ("text", "json", "sarif", "markdown"):
        result = _report(shared, crm, fmt)
        assert result.returncode == 1, result.stderr  # open findings remain
        found[fmt] = result.stdout
    return found


def _report(shared: SharedArtefacts, crm: Path, fmt: str) -> subprocess.CompletedProcess[str]:
    return shared.get(
        f"crm-audit-{fmt}", lambda _: cli("audit", crm, "--format", fmt, measured=False)
    )


def _trees(root: Path) -> dict[str, ast.Module]:
    return {
        p.relative_to(root).as_posix(): ast.parse(p.read_text(encoding="utf-8"))
        for p in sorted(root.rglob("*.py"))
    }


def _legacy_queries(trees: dict[str, ast.Module]) -> int:
    """`<session>.query(...)` with a session named as sessions are, or `self.<name>`."""
    count = 0
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                owner = node.func.value
                name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
                count += node.func.attr == "query" and name in SESSION_NAMES
    return count


def _factory_calls(trees: dict[str, ast.Module]) -> int:
    return sum(
        isinstance(node, ast.Call) and getattr(node.func, "id", None) == "SessionLocal"
        for relpath, tree in trees.items()
        if relpath != "app/database.py"
        for node in ast.walk(tree)
    )


def _sync_entry_points_with_a_session(trees: dict[str, ast.Module]) -> int:
    """`def` path operations, dependencies and background tasks that take a session
    (`Depends(get_db)`, `Session`, the `SessionDep` alias) or open one themselves; the
    provider `get_db` is the session, not a user of it."""
    called = set()
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Name):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                if name in ("Depends", "add_task"):
                    called.add(node.args[0].id)
    count = 0
    for tree in trees.values():
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef) or node.name == "get_db":
                continue
            routed = any(
                isinstance(d, ast.Call) and getattr(d.func, "attr", None) in ROUTES
                for d in node.decorator_list
            )
            if (routed or node.name in called) and _uses_a_session(node):
                count += 1
    return count


def _uses_a_session(node: ast.FunctionDef) -> bool:
    text = ast.unparse(node.args)
    return (
        "Depends(get_db)" in text
        or re.search(r": (Session|SessionDep)\b", text) is not None
        or any(getattr(n, "id", None) == "SessionLocal" for n in ast.walk(node))
    )


def test_the_audit_counts_what_an_independent_walk_counts(
    crm: Path, reports: dict[str, str]
) -> None:
    trees = _trees(crm)
    findings = json.loads(reports["json"])["findings"]
    by_rule = Counter(f["rule"] for f in findings)
    assert by_rule["SQA001"] == _legacy_queries(trees) == 70
    assert by_rule["SQA003"] == _factory_calls(trees) == 4
    # and one the walk cannot see: `read_order` has no session, but returns the order its
    # dependency loaded for a response model that reads `order.lines` (a lazy load)
    [gained] = [f for f in findings if f["rule"] == "SQA005" and "`read_order`" in f["message"]]
    assert gained["path"] == "app/api/routers/orders.py"
    assert by_rule["SQA005"] == _sync_entry_points_with_a_session(trees) + 1 == 99
    # the one legacy query and session parameter of the module `keep-sync` lists: allowed
    allowed = [(f["path"], f["rule"]) for f in findings if f["allowed"]]
    assert allowed == [("app/legacy/exports.py", "SQA002"), ("app/legacy/exports.py", "SQA001")]
    assert by_rule["SQA007"] == 18  # relationship reads the migration routes through run_sync


def test_every_format_reports_the_same_findings(reports: dict[str, str]) -> None:
    document = json.loads(reports["json"])
    from_json = Counter(
        (f["path"], f["line"], f["column"], f["rule"]) for f in document["findings"]
    )
    run = json.loads(reports["sarif"])["runs"][0]
    from_sarif = Counter(
        (
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["locations"][0]["physicalLocation"]["region"]["startColumn"],
            r["ruleId"],
        )
        for r in run["results"]
    )
    assert from_sarif == from_json
    text = Counter(
        (m["path"], int(m["line"]), int(m["column"]), m["rule"])
        for m in re.finditer(
            r"^(?P<path>\S+?):(?P<line>\d+):(?P<column>\d+): (?P<rule>SQA\d{3}) ",
            reports["text"],
            re.MULTILINE,
        )
    )
    markdown = Counter(
        (m["path"], int(m["line"]), int(m["column"]), m["rule"])
        for m in re.finditer(
            r"^### `(?P<path>[^:`]+):(?P<line>\d+):(?P<column>\d+)` (?P<rule>SQA\d{3}) ",
            reports["markdown"],
            re.MULTILINE,
        )
    )
    opened = Counter(
        (f["path"], f["line"], f["column"], f["rule"])
        for f in document["findings"]
        if not f["allowed"]
    )
    assert text == markdown == opened
    assert sum(opened.values()) == document["summary"]["open"]


def test_allow_pragmas_need_a_reason(crm: Path, tmp_path: Path) -> None:
    project = tmp_path / "crm"
    shutil.copytree(crm, project)
    module = project / "app/api/routers/dashboard.py"
    lines = module.read_text(encoding="utf-8").split("\n")
    opened = [i for i, line in enumerate(lines) if "SessionLocal()" in line]
    lines[opened[0]] += "  # sqla-async: allow[SQA003] the dashboard keeps a second session"
    lines[opened[1]] += "  # sqla-async: allow[SQA003]"
    module.write_text("\n".join(lines), encoding="utf-8")

    # Only the module with the pragmas is audited: the project is still indexed from its
    # root (the pyproject.toml), so `SessionLocal` is known as its session factory.
    findings = json.loads(audit(module, "--format", "json").stdout)["findings"]
    assert {f["path"] for f in findings} == {"app/api/routers/dashboard.py"}
    here = [
        (f["line"], f["rule"], f["allowed"], f["reason"])
        for f in findings
        if f["path"] == "app/api/routers/dashboard.py" and f["rule"] in ("SQA000", "SQA003")
    ]
    assert here == [
        (opened[0] + 1, "SQA003", True, "the dashboard keeps a second session"),
        (opened[1] + 1, "SQA003", False, ""),  # the call, then the pragma after it
        (opened[1] + 1, "SQA000", False, ""),
    ]
