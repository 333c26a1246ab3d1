"""Where an expression's value goes: iterated, indexed, discarded, or nested in SQL.

Legacy `Query` objects were consumed by being iterated (`for x in q`, `list(q)`),
indexed (`q[0]`), or embedded in another statement (`X.id.in_(q)`); a bulk statement's
row count may be discarded. Both the planner and the per-function variable reader fill
a `Contexts` while they walk, parents before children.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

ITERATING_CALLS = frozenset({"list", "tuple", "set", "frozenset", "sorted", "enumerate"})
# Column operators that take a statement as their argument.
STATEMENT_OPERATORS = frozenset({"in_", "not_in", "notin_", "any_", "all_"})


@dataclass
class Contexts:
    iterated: set[cst.CSTNode] = field(default_factory=set)
    subscripts: dict[cst.CSTNode, cst.Subscript] = field(default_factory=dict)
    discarded: set[cst.CSTNode] = field(default_factory=set)
    nested: set[cst.CSTNode] = field(default_factory=set)  # an argument of `.in_()` & co.
    # The whole value of a statement (returned, assigned, evaluated): the rewrite may
    # take lines of its own there without looking odd.
    statement_level: set[cst.CSTNode] = field(default_factory=set)

    returned: set[cst.CSTNode] = field(default_factory=set)
    # An argument's value -> the call it is passed to and the argument itself.
    arguments: dict[cst.CSTNode, tuple[cst.Call, cst.Arg]] = field(default_factory=dict)

    def note_statement_value(self, value: cst.BaseExpression | None) -> None:
        if value is not None:
            self.statement_level.add(value)

    def note_return(self, node: cst.Return) -> None:
        if node.value is not None:
            self.returned.add(node.value)
            self.statement_level.add(node.value)

    def note_for(self, node: cst.For | cst.CompFor) -> None:
        self.iterated.add(node.iter)

    def note_subscript(self, node: cst.Subscript) -> None:
        self.subscripts[node.value] = node

    def note_expression_statement(self, node: cst.Expr) -> None:
        self.discarded.add(node.value)
        self.statement_level.add(node.value)

    def note_call(self, node: cst.Call) -> None:
        for argument in node.args:
            self.arguments[argument.value] = (node, argument)
        positional = [a for a in node.args if not a.keyword and not a.star]
        if len(positional) != len(node.args) or not positional:
            return
        if isinstance(node.func, cst.Name) and node.func.value in ITERATING_CALLS:
            self.iterated.add(positional[0].value)
        if isinstance(node.func, cst.Attribute) and node.func.attr.value in STATEMENT_OPERATORS:
            self.nested.add(positional[0].value)
