"""Metadata wrappers without LibCST's defensive copy where the tree needs none.

`MetadataWrapper` deep-copies its tree by default, because metadata is keyed by node: a
node placed twice in one tree would get one answer for two places. A fresh parse never
holds a node twice, and a transform's output seldom does (only when it puts one node it
built into two places). Checking that is a fifth of the cost of the copy, which a
changed file otherwise pays before every transform and the audit.
"""

from __future__ import annotations

import dataclasses

import libcst as cst
from libcst.metadata import MetadataWrapper

_FIELDS: dict[type[cst.CSTNode], tuple[str, ...]] = {}


def wrapped(tree: cst.Module, fresh: bool = False) -> MetadataWrapper:
    """`tree` in a metadata wrapper, copied only if a node appears in it twice; a `fresh`
    parse is not even checked."""
    return MetadataWrapper(tree, unsafe_skip_copy=fresh or not holds_a_node_twice(tree))


def holds_a_node_twice(tree: cst.CSTNode) -> bool:
    seen: set[int] = set()
    pending: list[cst.CSTNode] = [tree]
    while pending:
        node = pending.pop()
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
