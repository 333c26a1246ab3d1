"""Metadata wrappers copy a tree only when a node appears in it twice."""

from __future__ import annotations

import libcst as cst
from libcst.metadata import PositionProvider

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
