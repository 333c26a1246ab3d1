"""Queries held in local variables: `q = db.query(X)`, `q = q.filter(...)`, `q.all()`.

A local qualifies when its function only binds it to a query chain on a session (not
executed) or to a refinement of itself, and only reads it to refine it, run it
(`q.count()`, `q.order_by(...).all()`), iterate it or index it. It then holds a
`select()`, and every read that ran the Query runs it on the session the query came from.
If any read lets the query escape (returned, passed to a call, stored) or cannot be
rewritten, the variable is left whole, and reported.

`collect_uses` reads one function body once; the bindings and reads of each name come
from LibCST's `ScopeProvider`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import libcst as cst

from codemods.queries.chain import Chain, Link, Origin, method_call, unwind
from codemods.queries.contexts import Contexts


@dataclass
class FunctionUses:
    """Where the names of one function body are bound and read, as far as queries care."""

    assigned: dict[cst.Name, cst.Assign] = field(default_factory=dict)  # target -> statement
    chain_tops: dict[cst.Name, cst.Call] = field(default_factory=dict)  # root name -> top
    contexts: Contexts = field(default_factory=Contexts)


class _UsesCollector(cst.CSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.uses = FunctionUses()
        self._inside: set[cst.CSTNode] = set()

    def visit_Assign(self, node: cst.Assign) -> None:
        if len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
            self.uses.assigned[node.targets[0].target] = node

    def visit_For(self, node: cst.For) -> None:
        self.uses.contexts.note_for(node)

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self.uses.contexts.note_for(node)

    def visit_Subscript(self, node: cst.Subscript) -> None:
        self.uses.contexts.note_subscript(node)

    def visit_Expr(self, node: cst.Expr) -> None:
        self.uses.contexts.note_expression_statement(node)

    def visit_Return(self, node: cst.Return) -> None:
        self.uses.contexts.note_return(node)

    def visit_Call(self, node: cst.Call) -> None:
        self.uses.contexts.note_call(node)
        if node in self._inside or method_call(node) is None:
            return
        receiver, links = unwind(node)
        self._inside.update(link.call for link in links)
        if isinstance(receiver, cst.Name):
            self.uses.chain_tops[receiver] = node


def collect_uses(body: cst.BaseSuite) -> FunctionUses:
    collector = _UsesCollector()
    body.visit(collector)
    return collector.uses


@dataclass(frozen=True)
class QueryVariable:
    """A local that holds a query: where it came from and everything applied to it."""

    name: str
    session: cst.Name | cst.Attribute  # the session every root assignment queried
    selected: tuple[cst.Arg, ...]  # what the root `query(...)` selected
    links: tuple[Link, ...]  # the methods applied across all its assignments
    built: Origin | None = None  # bound to what a query builder returned
    filtered: bool = False  # every query it is bound to has WHERE criteria

    @property
    def origin(self) -> Origin:
        if self.built is not None:
            return Origin(
                "builder", shapes=self.built.shapes, links=self.links, repeats=self.built.repeats
            )
        return Origin("variable", selected=self.selected, links=self.links, filtered=self.filtered)


@dataclass(frozen=True)
class Binding:
    """One assignment of a candidate: to a session query, or to a refinement of itself."""

    value: cst.BaseExpression
    # set for `q = db.query(...)...` and `q = builder(db)...`
    session: cst.Name | cst.Attribute | None
    selected: tuple[cst.Arg, ...]
    links: tuple[Link, ...]
    builder: str = ""  # the query builder called, for `q = builder(db)...`
    chain: Chain | None = None  # a root binding's chain (on the session or the builder call)

    @property
    def built(self) -> Origin | None:
        """What the builder's query is, for a root bound to a builder's call."""
        return self.chain.origin if self.chain is not None and self.builder else None


def adds_criteria(links: Sequence[Link]) -> bool:
    """Whether `links` surely add WHERE criteria: a condition written out in `filter()` /
    `where()`, or a keyword of `filter_by()` (`*args` and `**kwargs` may be empty).
    Any criterion makes `Select.whereclause` an expression (`filter(True)` too), never None."""
    for link in links:
        args = link.call.args
        if link.method in ("filter", "where") and any(not a.star for a in args):
            return True
        if link.method == "filter_by" and any(a.keyword is not None for a in args):
            return True
    return False
