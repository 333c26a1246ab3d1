"""Golden audit cases: small projects whose lines say which findings they expect.

`golden/audit/<case>/project/` is a project, laid over the shared modules of
`golden/audit/_project/` (models, the session module); a line ending in `# expect: SQA001` (or
`# expect: SQA002, SQA005`) must produce exactly those findings on that line, and no
other line may produce any. Noop cases (`noop_*`) expect nothing at all. The audit runs
as the CLI runs it (`sqla-async audit`), through the runner.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from codemods.audit.findings import Finding
from codemods.runner import run
from codemods.settings import load_settings
from tests.golden_cases import GOLDEN

AUDIT = GOLDEN / "audit"
EXPECT = re.compile(r"#\s*expect:\s*(SQA\d{3}(?:\s*,\s*SQA\d{3})*)")
CASES = sorted(p for p in AUDIT.iterdir() if (p / "project").is_dir())
SHARED = AUDIT / "_project"


def expected(project: Path) -> Counter[tuple[str, int, str]]:
    found: Counter[tuple[str, int, str]] = Counter()
    for path in sorted(project.rglob("*.py")):
        relpath = path.relative_to(project).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = EXPECT.search(line)
            for code in re.split(r"\s*,\s*", match.group(1)) if match else ():
                found[(relpath, number, code)] += 1
    return found


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_audit_finds_exactly_what_the_case_expects(case: Path, tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(AUDIT / "_project", root)
    shutil.copytree(case / "project", root, dirs_exist_ok=True)
    settings = replace(load_settings(root), target="async")
    report = run([root], root, settings, "audit")
    assert not report.errors, [e.render() for e in report.errors]
    found = Counter((f.path, f.line, f.rule) for f in report.findings if not f.allowed)
    wanted = expected(root)  # the shared modules expect nothing of their own
    assert not (case.name.startswith("noop_") and wanted), "a noop case expects nothing"
    assert found == wanted, "\n".join(
        [
            *(f"unexpected: {p}:{n} {r}" for (p, n, r) in sorted(found - wanted)),
            *(f"missing:    {p}:{n} {r}" for (p, n, r) in sorted(wanted - found)),
        ]
    )


def test_there_are_positive_and_noop_audit_cases() -> None:
    names = [c.name for c in CASES]
    assert any(n.startswith("noop_") for n in names)
    assert sum(not n.startswith("noop_") for n in names) >= 8


# SQA007 judges reads in functions the run converts: once converted, nothing is left to judge.
JUDGED_BEFORE_CONVERSION = frozenset({"SQA007"})


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_what_migrate_says_is_left_is_what_an_audit_of_its_output_finds(
    case: Path, tmp_path: Path
) -> None:
    """`migrate` audits the code it writes; its findings sit where the written code has
    them (a line an added import pushed down, say), as an audit after `--apply` finds."""
    root = tmp_path / "project"
    shutil.copytree(AUDIT / "_project", root)
    shutil.copytree(case / "project", root, dirs_exist_ok=True)
    settings = replace(load_settings(root), target="async")
    said = run([root], root, settings, "diff").findings
    run([root], root, settings, "apply")
    found = run([root], root, settings, "audit").findings

    def where(findings: list[Finding]) -> list[tuple[str, int, int, str]]:
        kept = [f for f in findings if f.rule not in JUDGED_BEFORE_CONVERSION]
        return [(f.path, f.line, f.column, f.rule) for f in kept]

    assert where(said) == where(found)
