"""Metadata wrappers copy a tree only when a node appears in it twice."""

from __future__ import annotations

from typing import Any

import libcst as cst
import pytest
from libcst.metadata import (
    BatchableMetadataProvider,
    MetadataWrapper,
    PositionProvider,
    ScopeProvider,
)

from codemods.wrapping import holds_a_node_twice, wrapped


def _twice() -> cst.Module:
    """`x = y` and `z = y`, the two `y` being one node (as a transform may build them)."""
    shared = cst.Name("y")
    lines = [
        cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(t))], shared)]) for t in "xz"
    ]
    return cst.Module(body=lines)


def test_a_parsed_tree_holds_no_node_twice() -> None:
    assert not holds_a_node_twice(cst.parse_module("x = y\nz = y\n"))


def test_a_node_placed_twice_is_found() -> None:
    assert holds_a_node_twice(_twice())


def test_a_tree_without_shared_nodes_is_wrapped_as_it_is() -> None:
    tree = cst.parse_module("x = y\n")
    assert wrapped(tree).module is tree


def test_a_tree_with_a_shared_node_is_copied_and_each_place_gets_its_own_position() -> None:
    tree = _twice()
    wrapper = wrapped(tree)
    assert wrapper.module is not tree
    positions = wrapper.resolve(PositionProvider)
    values = [
        cst.ensure_type(cst.ensure_type(line, cst.SimpleStatementLine).body[0], cst.Assign).value
        for line in wrapper.module.body
    ]
    assert [positions[value].start.line for value in values] == [1, 2]


SCOPED = """\
import os


def read(path, db):
    value = os.getenv(path)
    return [db.get(item) for item in value]
"""


def _accesses(wrapper: MetadataWrapper) -> list[tuple[str, int, str]]:
    """Every name the scope analysis saw read: its text, line and the scope's type."""
    scopes = wrapper.resolve(ScopeProvider)
    positions = wrapper.resolve(PositionProvider)
    found = []
    for scope in {scope for scope in scopes.values() if scope is not None}:
        for access in scope.accesses:
            name = cst.ensure_type(access.node, cst.Name)
            found.append((name.value, positions[name].start.line, type(scope).__name__))
    return sorted(found)


def test_scope_analysis_without_the_batched_walk_finds_what_libcst_finds() -> None:
    tree = cst.parse_module(SCOPED)
    ours, libcsts = wrapped(tree, fresh=True), MetadataWrapper(tree, unsafe_skip_copy=True)
    assert _accesses(ours) == _accesses(libcsts)
    assert ("item", 6, "ComprehensionScope") in _accesses(ours)


class _Names(BatchableMetadataProvider[str]):
    """A provider that visits nodes below the module: it needs the batched walk."""

    def visit_Name(self, node: cst.Name) -> None:
        self.set_metadata(node, node.value.upper())


def test_the_batched_walk_is_skipped_only_for_providers_that_visit_just_the_module(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    walks: list[int] = []
    batched = MetadataWrapper.visit_batched

    def counted(self: MetadataWrapper, *args: Any) -> cst.CSTNode:
        walks.append(1)
        return batched(self, *args)

    monkeypatch.setattr(MetadataWrapper, "visit_batched", counted)
    wrapper = wrapped(cst.parse_module(SCOPED), fresh=True)
    wrapper.resolve(ScopeProvider)
    assert walks == []
    names = wrapper.resolve(_Names)
    assert walks == [1]
    assert sorted(set(names.values()))[:2] == ["DB", "GET"]


def test_punctuation_and_whitespace_held_twice_need_no_copy() -> None:
    """`cst.Attribute` built without a `dot` holds LibCST's one default `Dot()`."""
    left = cst.Attribute(cst.Name("db"), cst.Name("execute"))
    right = cst.Attribute(cst.Name("db"), cst.Name("commit"))
    assert left.dot is right.dot
    line = cst.SimpleStatementLine([cst.Expr(left), cst.Expr(right)])
    tree = cst.parse_module("x = 1\n").with_changes(body=[line])
    assert not holds_a_node_twice(tree)
    wrapper = wrapped(tree)
    assert wrapper.module is tree
    positions = wrapper.resolve(PositionProvider)
    assert [positions[part].start.column for part in (left, right)] == [0, 12]
