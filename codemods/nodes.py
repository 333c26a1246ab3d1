"""Small node builders shared by transforms."""

from __future__ import annotations

from typing import cast

import libcst as cst

# An `await` written as the left part of a primary (`(await x).y`, `(await x)[0]`,
# `(await x)()`) needs parentheses: `await x.y` would await `x.y` instead.
_PRIMARY_PARTS = (
    (cst.Attribute, "value"),
    (cst.Subscript, "value"),
    (cst.Call, "func"),
)


def awaited(expression: cst.BaseExpression) -> cst.Await:
    return cst.Await(expression=expression)


def parenthesize_awaited_part(node: cst.CSTNodeT) -> cst.CSTNodeT:
    """Wrap an unparenthesised `await` that `node` holds as its primary's left part."""
    for node_type, field_name in _PRIMARY_PARTS:
        if isinstance(node, node_type):
            part = getattr(node, field_name)
            if isinstance(part, cst.Await) and not part.lpar:
                wrapped = part.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
                return cast(cst.CSTNodeT, node.with_changes(**{field_name: wrapped}))
    return node
