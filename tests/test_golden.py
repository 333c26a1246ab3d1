"""Every golden case: the output is as expected, compiles, and is stable when migrated again."""

from __future__ import annotations

import ast
import difflib
import shutil
from pathlib import Path

import pytest

from codemods.engine import AuditResult, MigrationResult, audit_source, migrate_source
from codemods.index import ProjectIndex, build_index
from codemods.runner import run
from codemods.settings import Settings, load_settings
from codemods.transforms import TRANSFORMS
from tests.golden_cases import GOLDEN, PROJECT, FileCase, FolderCase, discover_cases, tree_texts

CASES = discover_cases()


def _context_files(area: Path) -> list[tuple[str, Path, ast.Module]]:
    """`golden/<area>/_project/`: modules every case of the area is indexed with (models)."""
    project = area / PROJECT
    return [
        (path.relative_to(project).as_posix(), path, ast.parse(path.read_text("utf-8")))
        for path in sorted(project.rglob("*.py"))
    ]


def _migrate(source: str, name: str, area: Path) -> tuple[MigrationResult, Settings, ProjectIndex]:
    """Migrate one case, indexed with its area's `_project/` (whose pyproject.toml, if any,
    holds the area's `[tool.sqla-async]` settings)."""
    settings = load_settings(area / PROJECT) if (area / PROJECT).is_dir() else Settings()
    parsed = [*_context_files(area), (name, area / PROJECT / name, ast.parse(source))]
    sources = {relpath: path.read_text("utf-8") for relpath, path, _ in parsed[:-1]}
    index = build_index(parsed, area / PROJECT, settings, {**sources, name: source})
    result = migrate_source(source, settings, index, relpath=name)
    assert isinstance(result, MigrationResult), f"{name}: {result}"
    return result, settings, index


def _migrate_text(source: str, name: str, area: Path) -> str:
    return _migrate(source, name, area)[0].code


def _diff(expected: str, actual: str) -> str:
    lines = difflib.unified_diff(
        expected.splitlines(keepends=True), actual.splitlines(keepends=True), "expected", "actual"
    )
    return "".join(lines)


def _check_file_case(case: FileCase, update: bool) -> None:
    source, expected = case.split()
    expected = source if expected is None else expected
    actual = _migrate_text(source, case.path.name, case.path.parent)
    if update and actual != expected:
        compile(actual, case.id, "exec", dont_inherit=True)  # never record broken output
        case.write_expected(source, actual)
        expected = actual
    assert actual == expected, f"{case.id} differs:\n{_diff(expected, actual)}"
    compile(expected, case.id, "exec", dont_inherit=True)
    assert _migrate_text(expected, case.path.name, case.path.parent) == expected, (
        f"{case.id}: not stable"
    )
    assert case.is_noop == (expected == source), (
        f"{case.id}: name it noop_* exactly when the output equals the input"
    )


def _migrate_folder(source: Path, work: Path) -> Path:
    shutil.copytree(source, work)
    # the transforms' own output: black's part has its own tests (test_formatting.py)
    report = run([work], work, load_settings(work), "apply", format_code=False)
    assert not report.errors, [e.render() for e in report.errors]
    return work


def _check_folder_case(case: FolderCase, update: bool, tmp_path: Path) -> None:
    result = _migrate_folder(case.input, tmp_path / "first")
    changed = tree_texts(result) != tree_texts(case.input)
    expected_dir = case.output if case.output.is_dir() else case.input
    if update and tree_texts(result) != tree_texts(expected_dir):
        for path in result.rglob("*.py"):
            compile(path.read_text("utf-8"), str(path), "exec", dont_inherit=True)
        case.write_expected(result, changed)
        expected_dir = case.output if changed else case.input
    assert tree_texts(result) == tree_texts(expected_dir), f"{case.id}: output differs"
    for path in expected_dir.rglob("*.py"):
        compile(path.read_text("utf-8"), str(path), "exec", dont_inherit=True)
    again = _migrate_folder(expected_dir, tmp_path / "second")
    assert tree_texts(again) == tree_texts(expected_dir), f"{case.id}: not stable"
    assert case.is_noop == (not changed), f"{case.id}: name it noop_* exactly when unchanged"


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_golden_case(case: FileCase | FolderCase, update_golden: bool, tmp_path: Path) -> None:
    if isinstance(case, FileCase):
        _check_file_case(case, update_golden)
    else:
        _check_folder_case(case, update_golden, tmp_path)


FILE_CASES = [case for case in CASES if isinstance(case, FileCase)]


@pytest.mark.parametrize("case", FILE_CASES, ids=[case.id for case in FILE_CASES])
def test_migrate_reports_what_every_rule_finds_in_its_output(case: FileCase) -> None:
    """The engine leaves out rules a transform settled (`Transform.SETTLES`): what it
    reports is still what each rule, run on the migrated code, finds there."""
    source, _ = case.split()
    result, settings, index = _migrate(source, case.path.name, case.path.parent)
    audit = audit_source(result.code, settings, index, relpath=case.path.name, rewritten=True)
    assert isinstance(audit, AuditResult), f"{case.id}: {audit}"
    assert result.findings == audit.findings


@pytest.mark.parametrize("case", FILE_CASES, ids=[case.id for case in FILE_CASES])
def test_transforms_sharing_a_traversal_write_what_they_write_one_after_the_other(
    case: FileCase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`Transform.FUSES_AFTER` (`fused.py`) changes how long a run takes, not its output."""
    source, _ = case.split()
    fused, _, _ = _migrate(source, case.path.name, case.path.parent)
    for transform in TRANSFORMS:
        monkeypatch.setattr(transform, "FUSES_AFTER", frozenset())
    alone, _, _ = _migrate(source, case.path.name, case.path.parent)
    assert fused == alone


def test_golden_folder_exists() -> None:
    assert GOLDEN.is_dir()
    assert CASES
