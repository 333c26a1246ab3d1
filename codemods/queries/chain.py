"""A legacy query chain as a list of links: `db.query(X).filter(c).order_by(o).first()`.

Pure CST: no metadata. A chain is read from its outermost call down to where it starts:
a `<name>.query(...)` call (whether that name is a session is decided by the caller), or
a plain name that holds a query (`q.filter(c).all()`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import libcst as cst

from codemods.queries.shapes import Shape


@dataclass(frozen=True)
class Link:
    """One `.method(args)` step after `query(...)`."""

    method: str
    call: cst.Call

    @property
    def attribute(self) -> cst.Attribute:
        return cst.ensure_type(self.call.func, cst.Attribute)


@dataclass(frozen=True)
class Origin:
    """Where a chain that does not start with `session.query(...)` got its query."""

    kind: Literal["variable", "builder", "parameter"]
    selected: tuple[cst.Arg, ...] = ()  # a variable: what its `query(...)` selected
    # a builder's call, a query parameter: what it selects (from the index)
    shapes: tuple[Shape, ...] = ()
    links: tuple[Link, ...] = ()  # a variable: the methods applied across its assignments
    repeats: bool = False  # a builder's call: its query joins (entity rows may repeat)
    # a variable: every query it is bound to has WHERE criteria, so its `select()`'s
    # `whereclause` is never None (a bulk statement built from it relies on that)
    filtered: bool = False


@dataclass(frozen=True)
class Chain:
    session: cst.Name | cst.Attribute  # the session the query runs on (`db`, `self.db`)
    # `db.query(...)`; or, with an origin, the variable or builder call holding the query
    root: cst.Call | cst.Name
    links: tuple[Link, ...]  # in call order, the last one outermost
    origin: Origin | None = None

    @property
    def top(self) -> cst.BaseExpression:
        return self.links[-1].call if self.links else self.root

    @property
    def methods(self) -> tuple[str, ...]:
        return tuple(link.method for link in self.links)

    def calls(self) -> list[cst.Call]:
        calls = [link.call for link in self.links]
        return [self.root, *calls] if isinstance(self.root, cst.Call) else calls

    @property
    def starts_with_query(self) -> bool:
        """`db.query(...)...`, rather than a variable or a builder call."""
        return self.origin is None


def method_call(node: cst.BaseExpression) -> tuple[str, cst.BaseExpression] | None:
    """(method, receiver) of `<receiver>.<method>(...)`."""
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
        return node.func.attr.value, node.func.value
    return None


def unwind(top: cst.BaseExpression) -> tuple[cst.BaseExpression, tuple[Link, ...]]:
    """The innermost receiver of a method-call chain and the links on it, in call order."""
    links: list[Link] = []
    node = top
    while (step := method_call(node)) is not None:
        links.append(Link(step[0], cst.ensure_type(node, cst.Call)))
        node = step[1]
    return node, tuple(reversed(links))


def parse_chain(top: cst.Call) -> Chain | None:
    """The chain `top` ends, when it starts from `<name>.query(...)`."""
    _, links = unwind(top)
    if not links or links[0].method != "query":
        return None
    session = links[0].attribute.value
    if isinstance(session, cst.Name) or (
        isinstance(session, cst.Attribute)
        and isinstance(session.value, cst.Name)
        and session.value.value == "self"
    ):
        return Chain(session, links[0].call, links[1:])
    return None
