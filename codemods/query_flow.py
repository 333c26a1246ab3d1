"""Queries that cross function boundaries, read with the stdlib `ast` for the index.

- a *builder* returns an unexecuted query built on one of its session parameters,
  directly (`return db.query(X).filter(...)`) or through a local it refines
  (`q = db.query(X)`; `if a: q = q.filter(...)`; `return q.order_by(...)`);
- a *receiver* takes a query as a parameter and only runs or refines it where it reads
  it (`def paginate(query, page, size): total = query.count(); ...`);
- a call *hands* a query to a function: `paginate(db.query(X), ...)`, `paginate(q, ...)`
  with `q` a local query, `paginate(list_query(db), ...)`.

These facts let files agree on what crosses between them before any is rewritten; the
LibCST planner checks every use again in the file it rewrites, and a use it cannot
rewrite withdraws the builder or receiver for the whole run (`runner.py`).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field

from codemods.queries.methods import EXECUTING, RESHAPING, STATEMENT_METHODS
from codemods.queries.shapes import Shape

# Methods after which entity rows may repeat (legacy Query de-duplicated them).
REPEATING = frozenset({"join", "outerjoin", "select_from", "options"})
ShapeOf = Callable[[ast.expr], Shape]


@dataclass(frozen=True)
class QueryValue:
    """An unexecuted query, as an expression holds it."""

    session: str  # the session it is built on; "" when a project call built it
    shapes: tuple[Shape, ...]  # what it selects; () when a call built it
    repeats: bool  # joins or eager joins on the way: entity rows may repeat
    built_at: tuple[int, int] | None = None  # (line, column) of the call that built it
    roots: tuple[int, ...] = field(default=(), compare=False)  # ids of its `query()` calls


@dataclass(frozen=True)
class ReturnedQuery:
    """A function that hands back `session.query(...)...` unexecuted: a query builder."""

    session: str  # the session parameter the query is built on
    # that parameter's index among the positional ones (`self` counted); -1: keyword-only
    position: int
    shapes: tuple[Shape, ...]  # what the query selects
    repeats: bool  # joins, or eager joins: entity rows may repeat (legacy de-duplicated)


@dataclass(frozen=True)
class QueryParameter:
    """A parameter the function only runs or refines where it reads it: a query."""

    name: str
    position: int  # among the positional parameters, `self` counted
    free_session_name: str  # a session name the function does not use, should it need one


@dataclass(frozen=True)
class QueryReceiver:
    """A function every caller in the project hands a query of the same shape."""

    parameter: str
    position: int
    session: str  # the session it runs the query on: its own, or the one it gains
    # Its session parameter's position (`self` counted): where it is, or is inserted.
    session_position: int
    gains_session: bool
    shapes: tuple[Shape, ...]
    repeats: bool


@dataclass
class QueryReader:
    """Reads query values in one function: its sessions and the values of its locals."""

    sessions: Collection[str]
    assigned: Mapping[str, Sequence[ast.expr]]
    shape_of: ShapeOf
    column_of: Callable[[ast.expr], int]

    def value(self, node: ast.expr, seen: frozenset[str] = frozenset()) -> QueryValue | None:
        links, bottom = _links(node)
        if isinstance(bottom, ast.Call):
            return self._built(bottom, links)
        if isinstance(bottom, ast.Name) and bottom.id not in seen:
            return self._variable(bottom.id, links, seen | {bottom.id})
        return None

    def _built(self, call: ast.Call, links: Sequence[tuple[str, ast.Call]]) -> QueryValue | None:
        repeats = any(method in REPEATING for method, _ in links)
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr == "query":
            if not (isinstance(func.value, ast.Name) and func.value.id in self.sessions):
                return None
            columns = list(call.args)
            for method, link in links:
                if method == "with_entities":
                    columns = list(link.args)
                elif method == "add_columns":
                    columns += link.args
            shapes = tuple(self.shape_of(c) for c in columns)
            return QueryValue(func.value.id, shapes, repeats, None, (id(call),))
        if any(method in RESHAPING for method, _ in links):
            return None  # what a builder's query selects, changed here: not followed
        return QueryValue("", (), repeats, (call.lineno, self.column_of(call)))

    def _variable(
        self, name: str, links: Sequence[tuple[str, ast.Call]], seen: frozenset[str]
    ) -> QueryValue | None:
        """A local bound only to queries and to refinements of itself."""
        roots: list[QueryValue] = []
        repeats = any(method in REPEATING for method, _ in links)
        for assigned in self.assigned.get(name, ()):
            refined, bottom = _links(assigned)
            if isinstance(bottom, ast.Name) and bottom.id == name:
                if any(m in RESHAPING for m, _ in refined):
                    return None
                repeats = repeats or any(m in REPEATING for m, _ in refined)
                continue
            root = self.value(assigned, seen)
            if root is None:
                return None
            roots.append(root)
        kinds = {(r.session, r.shapes, r.built_at) for r in roots}
        if len(kinds) != 1 or any(m in RESHAPING for m, _ in links):
            return None  # no query, queries of different shapes, or reshaped where read
        return QueryValue(
            roots[0].session,
            roots[0].shapes,
            repeats or any(r.repeats for r in roots),
            roots[0].built_at,
            tuple(i for r in roots for i in r.roots),
        )


def _links(node: ast.expr) -> tuple[list[tuple[str, ast.Call]], ast.expr]:
    """The method calls down a chain, in call order, and what they start from; a
    `<session>.query(...)` call, or any call a method chain does not continue, is the start."""
    links: list[tuple[str, ast.Call]] = []
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        if node.func.attr == "query" or node.func.attr not in STATEMENT_METHODS:
            break
        links.append((node.func.attr, node))
        node = node.func.value
    return list(reversed(links)), node


def returned_query(
    returned: Sequence[ast.expr], session_parameters: Sequence[str], values: QueryReader
) -> tuple[str, QueryValue] | None:
    """(session, value) when every `return` hands back an unexecuted query built here
    on one session parameter, selecting the same."""
    found = [values.value(value) for value in returned]
    if not found or any(v is None or v.built_at is not None for v in found):
        return None
    kinds = {(v.session, v.shapes) for v in found if v is not None}
    if len(kinds) != 1:
        return None
    first = found[0]
    assert first is not None
    if first.session not in session_parameters:
        return None
    repeats = any(v.repeats for v in found if v is not None)
    roots = tuple(i for v in found if v is not None for i in v.roots)
    return first.session, QueryValue(first.session, first.shapes, repeats, None, roots)


def query_parameter(
    node: ast.FunctionDef | ast.AsyncFunctionDef,
    candidates: Sequence[str],
    session_names: Sequence[str],
) -> QueryParameter | None:
    """The first of `candidates` (parameters read as `p.<method>(...)`) that the body only
    refines and runs, in chains written out where it is read."""
    parents = {
        id(child): parent for parent in ast.walk(node) for child in ast.iter_child_nodes(parent)
    }
    loads: dict[str, list[ast.Name]] = {}
    used: set[str] = set()
    for found in ast.walk(node):
        if isinstance(found, ast.Name):
            used.add(found.id)
            if isinstance(found.ctx, ast.Load):
                loads.setdefault(found.id, []).append(found)
        elif isinstance(found, ast.arg):
            used.add(found.arg)
    if node.args.posonlyargs:
        return None  # the session it may gain would have to be positional-only too
    positional = [a.arg for a in node.args.args]
    for name in candidates:
        reads = loads.get(name, [])
        if reads and all(_run_where_read(read, parents, node) for read in reads):
            free = next((n for n in session_names if n not in used), None)
            return QueryParameter(name, positional.index(name), free or "")
    return None


def _run_where_read(read: ast.Name, parents: Mapping[int, ast.AST], function: ast.AST) -> bool:
    """`p.filter(...).count()`: refined, then run by the chain's last call."""
    node: ast.AST = read
    while True:
        attribute = parents.get(id(node))
        call = parents.get(id(attribute)) if attribute is not None else None
        if not (
            isinstance(attribute, ast.Attribute)
            and attribute.value is node
            and isinstance(call, ast.Call)
            and call.func is attribute
        ):
            return False
        if attribute.attr in EXECUTING:
            return _not_deferred(call, parents, function)
        if attribute.attr not in STATEMENT_METHODS:
            return False
        node = call


def _not_deferred(node: ast.AST, parents: Mapping[int, ast.AST], function: ast.AST) -> bool:
    """Not inside a lambda or a nested function, where the run could not be awaited."""
    current = parents.get(id(node))
    while current is not None and current is not function:
        if isinstance(current, ast.Lambda | ast.FunctionDef | ast.AsyncFunctionDef):
            return False
        current = parents.get(id(current))
    return True
