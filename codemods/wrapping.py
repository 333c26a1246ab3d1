"""Metadata wrappers without LibCST's defensive copy where the tree needs none.

`MetadataWrapper` deep-copies its tree by default, because metadata is keyed by node: a
node placed twice in one tree would get one answer for two places. A fresh parse never
holds a node twice, and a transform's output seldom does (only when it puts one node it
built into two places). Checking that is a fifth of the cost of the copy, which a
changed file otherwise pays before every transform and the audit. Whitespace and
punctuation do not count: LibCST's own defaults share them (every `Attribute` built
without a `dot` holds the same `Dot()`), so nearly every rewritten tree holds one twice,
and no metadata is ever read for them (positions, scopes and contexts are asked of
names, expressions and statements).

It also resolves scope metadata without two walks that find nothing to do. LibCST
resolves batchable providers in one batched traversal of the whole tree per round of
dependencies; `ScopeProvider` and the `ExpressionContextProvider` it depends on do all
their work in `visit_Module`, each with its own walk, so each round's traversal then
rebuilds every node of the module only to call no method on it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from contextlib import ExitStack
from functools import cache

import libcst as cst
from libcst import BatchableCSTVisitor, CSTNode
from libcst.metadata import MetadataWrapper

_FIELDS: dict[type[cst.CSTNode], tuple[str, ...]] = {}
# Nodes that may appear twice in a tree: no metadata is read for them, nor for anything
# they hold (whitespace, comments).
_TOKENS = frozenset(
    {
        cst.SimpleWhitespace,
        cst.ParenthesizedWhitespace,
        cst.TrailingWhitespace,
        cst.EmptyLine,
        cst.Newline,
        cst.Comment,
        cst.Dot,
        cst.Comma,
        cst.LeftParen,
        cst.RightParen,
    }
)


def wrapped(tree: cst.Module, fresh: bool = False) -> MetadataWrapper:
    """`tree` in a metadata wrapper, copied only if a node appears in it twice; a `fresh`
    parse is not even checked."""
    return Wrapper(tree, unsafe_skip_copy=fresh or not holds_a_node_twice(tree))


class Wrapper(MetadataWrapper):
    """A metadata wrapper whose batched traversal is skipped when every visitor in the
    batch visits nothing but the module itself."""

    def visit_batched(
        self,
        visitors: Iterable[BatchableCSTVisitor],
        before_visit: object = None,
        after_leave: object = None,
    ) -> CSTNode:
        visitors = list(visitors)
        if (
            before_visit
            or after_leave
            or any(_visits(type(v)) != {"visit_Module"} for v in visitors)
        ):
            return super().visit_batched(visitors, before_visit, after_leave)  # type: ignore[arg-type]
        with ExitStack() as stack:
            for visitor in visitors:
                stack.enter_context(visitor.resolve(self))
            for visitor in visitors:
                visitor.visit_Module(self.module)
        return self.module


@cache
def _visits(visitor_type: type[BatchableCSTVisitor]) -> frozenset[str]:
    """The visit and leave methods the batched traversal calls (`get_visitors`, per type)."""
    return frozenset(
        name
        for name in dir(visitor_type)
        if name.startswith(("visit_", "leave_"))
        and callable(method := getattr(visitor_type, name))
        and not getattr(method, "_is_no_op", False)
    )


def holds_a_node_twice(tree: cst.CSTNode) -> bool:
    seen: set[int] = set()
    pending: list[cst.CSTNode] = [tree]
    while pending:
        node = pending.pop()
        if type(node) in _TOKENS:
            continue
        if id(node) in seen:
            return True
        seen.add(id(node))
        for name in _field_names(type(node)):
            value = getattr(node, name)
            if isinstance(value, cst.CSTNode):
                pending.append(value)
            elif isinstance(value, list | tuple):
                pending.extend(item for item in value if isinstance(item, cst.CSTNode))
    return False


def _field_names(node_type: type[cst.CSTNode]) -> tuple[str, ...]:
    names = _FIELDS.get(node_type)
    if names is None:
        names = _FIELDS[node_type] = tuple(f.name for f in dataclasses.fields(node_type))
    return names
