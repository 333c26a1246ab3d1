"""The engine is total: any input gives a result or a positioned error, never an exception."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from codemods.engine import (
    AuditResult,
    MigrationResult,
    SourceError,
    audit_source,
    migrate_source,
)
from codemods.index import ProjectIndex
from codemods.runner import run
from codemods.settings import Settings
from codemods.transforms.base import Transform

ASYNC_SAVE = """\
from sqlalchemy.ext.asyncio import AsyncSession


async def save(db: AsyncSession) -> None:
    db.commit()
"""


def migrate(source: str, **kwargs: object) -> MigrationResult | SourceError:
    return migrate_source(source, Settings(), ProjectIndex(), relpath="m.py", **kwargs)  # type: ignore[arg-type]


def test_syntax_error_is_returned_with_its_position() -> None:
    result = migrate("x = 1\ndef f(:\n")
    assert result == SourceError("syntax", "invalid syntax", 2, 7)


def test_file_no_transform_wants_is_returned_unchanged() -> None:
    source = "import os\n\nprint(os.getcwd())\n"
    assert migrate(source) == MigrationResult(source, False, {}, ())


class _Crashes(Transform):
    DESCRIPTION = "raises on every module"

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        raise RuntimeError("boom")


class _BreaksSyntax(Transform):
    DESCRIPTION = "writes an await into a sync function"

    def leave_Return(self, original_node: cst.Return, updated_node: cst.Return) -> cst.Return:
        self.rewrites += 1
        return updated_node.with_changes(value=cst.Await(cst.Name("x")))


def test_a_crashing_transform_is_reported_not_raised() -> None:
    result = migrate(ASYNC_SAVE, transforms=(_Crashes,))
    assert isinstance(result, SourceError)
    assert result.kind == "internal"
    assert result.message == "internal error in test_engine: RuntimeError: boom"


def test_output_that_would_not_compile_is_refused() -> None:
    result = migrate("def f():\n    return 1\n", transforms=(_BreaksSyntax,))
    assert isinstance(result, SourceError)
    assert result.kind == "internal"
    assert "would not compile ('await' outside async function, line 2)" in result.message


def test_input_that_never_compiled_is_blamed_on_the_input() -> None:
    # `return` outside a function parses but does not compile, before or after.
    result = migrate("return 1\n", transforms=(_BreaksSyntax,))
    assert result == SourceError("syntax", "'return' outside function", 1, 1)


def test_audit_reports_syntax_errors_too() -> None:
    assert audit_source("(", Settings(), ProjectIndex()) == SourceError(
        "syntax", "'(' was never closed", 1, 1
    )


def test_migrated_result_carries_counts_and_remaining_findings() -> None:
    source = ASYNC_SAVE + "\n\ndef later(db: AsyncSession) -> None:\n    db.flush()\n"
    result = migrate(source)
    assert isinstance(result, MigrationResult)
    assert result.changed
    assert result.counts == {"await_session_io": 1}
    assert [(f.rule, f.line, f.fixable) for f in result.findings] == [("SQA004", 9, False)]


class _RenamesSave(Transform):
    DESCRIPTION = "changes the code after the awaits are written"

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        return (
            updated_node.with_changes(value="keep")
            if updated_node.value == "save"
            else updated_node
        )


class _ChangesNothing(Transform):
    DESCRIPTION = "leaves every module as it is"


@pytest.mark.parametrize(
    ("source", "after", "audited"),
    [
        pytest.param(ASYNC_SAVE, (), False, id="every call awaited: SQA004 settled, not run"),
        pytest.param(ASYNC_SAVE, (_ChangesNothing,), False, id="a later no-op keeps it settled"),
        pytest.param(ASYNC_SAVE, (_RenamesSave,), True, id="a later change unsettles it"),
        pytest.param(
            ASYNC_SAVE.replace("db.commit()", "print(db.commit())"),
            (),
            True,
            id="a call it could not await: SQA004 runs and reports it",
        ),
    ],
)
def test_a_rule_the_awaiting_transform_settled_is_not_run_on_its_output(
    source: str, after: tuple[type[Transform], ...], audited: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from codemods.audit.rules.missing_await import MissingAwait
    from codemods.transforms import AwaitSessionIO

    runs: list[str] = []
    monkeypatch.setattr(MissingAwait, "leave_Module", lambda self, node: runs.append("SQA004"))
    monkeypatch.setattr(MissingAwait, "_hooks", {})  # hooks are looked up once per class
    result = migrate(source, transforms=(AwaitSessionIO, *after))
    assert isinstance(result, MigrationResult)
    assert bool(runs) is audited
    assert [f.rule for f in result.findings] == (["SQA004"] if "print" in source else [])


@pytest.mark.parametrize(
    ("source", "found"),
    [
        pytest.param(ASYNC_SAVE, [("SQA004", 5)], id="a finding: resolved, its position given"),
        pytest.param(ASYNC_SAVE.replace("db.", "await db."), [], id="no finding: not resolved"),
    ],
)
def test_positions_are_resolved_only_for_a_finding(
    source: str, found: list[tuple[str, int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    resolved: list[object] = []
    resolve = MetadataWrapper.resolve

    def spy(self: MetadataWrapper, provider: type[object]) -> object:
        resolved.append(provider)
        return resolve(self, provider)  # type: ignore[arg-type]

    monkeypatch.setattr(MetadataWrapper, "resolve", spy)
    result = audit_source(source, Settings(), ProjectIndex(), relpath="m.py")
    assert isinstance(result, AuditResult)
    assert [(f.rule, f.line) for f in result.findings] == found
    assert (PositionProvider in resolved) is bool(found)


def test_file_changed_during_the_run_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "crud.py"
    target.write_text(ASYNC_SAVE)
    import codemods.runner as runner

    original = runner._process

    def edit_then_process(task: tuple[str, str, str]) -> object:
        target.write_text("# edited in the editor meanwhile\n")
        return original(task)  # type: ignore[arg-type]

    monkeypatch.setattr(runner, "_process", edit_then_process)
    report = run([tmp_path], tmp_path, Settings(), "apply")
    assert [e.render() for e in report.errors] == [
        "crud.py:1:1: error: changed on disk while being migrated; not written"
    ]
    assert target.read_text() == "# edited in the editor meanwhile\n"
    assert report.exit_code == 2
