"""Transforms that share one traversal give what they give one after the other."""

from __future__ import annotations

import libcst as cst
import pytest
from libcst.codemod import CodemodContext
from libcst.metadata import ScopeProvider

from codemods.engine import _traversals
from codemods.fused import transform_together
from codemods.index import ProjectIndex
from codemods.settings import Settings
from codemods.transforms import (
    TRANSFORMS,
    AwaitSessionIO,
    LoadRelationshipsInCode,
    MakeAsync,
    MarkAsyncTests,
)
from codemods.transforms.base import Transform

MODULE = """\
def outer(db):
    def inner():
        return db
    return inner


x = outer
"""


class _Log(Transform):
    """Records what it is shown; renames `db` to `session` on the way out."""

    DESCRIPTION = "logs"
    METADATA_DEPENDENCIES = (ScopeProvider,)

    def setup_tracking(self) -> None:
        super().setup_tracking()
        self.log: list[str] = []

    def visit_Name(self, node: cst.Name) -> None:
        assert self.get_metadata(ScopeProvider, node, None) is not None  # resolved for it
        self.log.append(f"visit {node.value}")

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        self.log.append(f"leave {original_node.value} as {updated_node.value}")
        if updated_node.value == "db":
            return updated_node.with_changes(value="session")
        return updated_node


class _LogOutside(_Log):
    """Declines the body of `inner`; upper-cases every name it leaves."""

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return node.name.value != "inner"

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        self.log.append(f"leave {original_node.value} as {updated_node.value}")
        return updated_node.with_changes(value=updated_node.value.upper())


class _DropsAssignments(Transform):
    DESCRIPTION = "removes every assignment statement"

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine | cst.RemovalSentinel:
        if isinstance(original_node.body[0], cst.Assign):
            return cst.RemovalSentinel.REMOVE
        return updated_node


def _parts(*transforms: type[Transform]) -> list[Transform]:
    return [t(CodemodContext(), Settings(), ProjectIndex(), "m.py") for t in transforms]


def test_each_leave_gets_the_node_as_the_transforms_before_it_left_it() -> None:
    first, second = _parts(_Log, _LogOutside)
    output, _ = transform_together([first, second], cst.parse_module(MODULE), MODULE, None)
    assert "leave db as session" in second.log  # `_Log` renamed it first
    assert output.code.startswith("def OUTER(SESSION):")


def test_a_transform_that_declines_children_sees_none_of_them() -> None:
    first, second = _parts(_Log, _LogOutside)
    output, _ = transform_together([first, second], cst.parse_module(MODULE), MODULE, None)
    alone = _parts(_LogOutside)[0]
    expected = transform_together([alone], cst.parse_module(MODULE), MODULE, None)[0]
    assert [e for e in second.log if e.startswith("visit")] == [
        e for e in alone.log if e.startswith("visit")
    ]
    assert "visit db" in first.log[first.log.index("visit inner") :]  # `_Log` went inside
    assert "        return db\n" in expected.code  # `inner`'s body: not `_LogOutside`'s
    assert "        return session\n" in output.code  # but `_Log`'s


def test_a_node_removed_by_an_earlier_transform_is_not_left_by_later_ones() -> None:
    first, second = _parts(_DropsAssignments, _Log)
    output, _ = transform_together([first, second], cst.parse_module(MODULE), MODULE, None)
    assert "x = outer" not in output.code
    assert "leave x as x" in second.log  # the names inside it were still walked


def test_both_read_metadata_from_one_resolution() -> None:
    first, second = _parts(_Log, _Log)
    _, wrapper = transform_together([first, second], cst.parse_module(MODULE), MODULE, None)
    assert first.wrapper is second.wrapper is wrapper


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        pytest.param(
            [MakeAsync, AwaitSessionIO],
            [["make_async", "await_session_io"]],
            id="await_session_io right after make_async: one traversal",
        ),
        pytest.param(
            [MakeAsync, MarkAsyncTests, AwaitSessionIO],
            [["make_async"], ["mark_async_tests"], ["await_session_io"]],
            id="another transform between them: each its own",
        ),
        pytest.param(
            [MakeAsync, LoadRelationshipsInCode, AwaitSessionIO],
            [["make_async", "load_relationships_in_code"], ["await_session_io"]],
            id="each joins make_async's; await_session_io not after another one",
        ),
        pytest.param([AwaitSessionIO], [["await_session_io"]], id="alone: its own"),
    ],
)
def test_traversals_group_a_transform_only_right_after_those_it_reads_ahead_of(
    wanted: list[type[Transform]], expected: list[list[str]]
) -> None:
    assert [[t.NAME for t in group] for group in _traversals(wanted)] == expected


def test_every_fused_transform_follows_what_it_reads_ahead_of_in_the_registry() -> None:
    names = [t.NAME for t in TRANSFORMS]
    for transform in TRANSFORMS:
        for earlier in transform.FUSES_AFTER:
            assert names.index(earlier) < names.index(transform.NAME)


class _ImportsSession(Transform):
    DESCRIPTION = "asks for an import of a name"

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        self.add_needed_import("sqlalchemy.orm", "Session")
        return updated_node


@pytest.mark.parametrize(
    ("source", "shared"),
    [
        pytest.param("x = 1\n", True, id="a name the code does not spell: shared"),
        pytest.param("def f(db: Session): ...\n", False, id="a name the code reads: not shared"),
        pytest.param("SessionX = 1\n", True, id="only inside another word: shared"),
    ],
)
def test_no_shared_walk_when_an_earlier_transform_imports_a_name_the_code_reads(
    source: str, shared: bool
) -> None:
    """After the import, a later transform would resolve the name to it, which in the
    shared walk (over the tree before the import) it cannot."""
    together = transform_together(
        _parts(_ImportsSession, _Log), cst.parse_module(source), source, None
    )
    assert (together is not None) is shared
    if together is not None:
        assert "from sqlalchemy.orm import Session" in together[0].code
