"""A legacy query chain as a list of links: `db.query(X).filter(c).order_by(o).first()`.

Pure CST: no metadata. The chain is read from its outermost call down to the
`<name>.query(...)` call it starts from; whether that name is a session is decided by
the caller.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst


@dataclass(frozen=True)
class Link:
    """One `.method(args)` step after `query(...)`."""

    method: str
    call: cst.Call

    @property
    def attribute(self) -> cst.Attribute:
        return cst.ensure_type(self.call.func, cst.Attribute)


@dataclass(frozen=True)
class Chain:
    session: cst.Name  # the receiver of `.query()`
    root: cst.Call  # `db.query(...)`
    links: tuple[Link, ...]  # in call order, the last one outermost

    @property
    def top(self) -> cst.Call:
        return self.links[-1].call if self.links else self.root

    @property
    def methods(self) -> tuple[str, ...]:
        return tuple(link.method for link in self.links)

    def calls(self) -> list[cst.Call]:
        return [self.root, *(link.call for link in self.links)]


def _method_call(node: cst.BaseExpression) -> tuple[str, cst.BaseExpression] | None:
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
        return node.func.attr.value, node.func.value
    return None


def parse_chain(top: cst.Call) -> Chain | None:
    """The chain `top` ends, when it starts from `<name>.query(...)`."""
    links: list[Link] = []
    node: cst.BaseExpression = top
    while (step := _method_call(node)) is not None:
        method, receiver = step
        call = cst.ensure_type(node, cst.Call)
        if method == "query" and isinstance(receiver, cst.Name):
            return Chain(receiver, call, tuple(reversed(links)))
        links.append(Link(method, call))
        node = receiver
    return None
