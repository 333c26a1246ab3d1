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


class AwaitParentheses(cst.CSTTransformer):
    """Mixin for transformers that write `await`s: parenthesise them where a primary
    (attribute, subscript, call) would otherwise bind tighter than the `await`."""

    def leave_Attribute(
        self, original_node: cst.Attribute, updated_node: cst.Attribute
    ) -> cst.BaseExpression:
        return parenthesize_awaited_part(updated_node)

    def leave_Subscript(
        self, original_node: cst.Subscript, updated_node: cst.Subscript
    ) -> cst.BaseExpression:
        return parenthesize_awaited_part(updated_node)
