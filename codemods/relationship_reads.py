"""Where code that becomes a coroutine reads a relationship, and whether it can go through
the session.

Shared by the transform that reads them through `await db.run_sync(lambda _: ...)`
(`load_relationships_in_code`) and the audit rule that reports the ones it cannot
(SQA007), so both always agree on what is fixable. A read counts when it is an attribute
load named like a lazy relationship of a model, on a parameter or local of a function
this run turns into a coroutine (not `self`, a module, a global, a session, nor a
parameter annotated with a Pydantic schema), and is not a method call (`.items()`).
Nor is an attribute of a Row (`row.lines` of `for row in db.query(Order.id,
func.count(...).label("lines"))`): a Row holds the values a query selected, and reading
one (a column, or an entity itself) loads nothing; `row.Order.lines` still counts.
It can go through the session when the function has one to read it through (its session
parameter, or the `async with` block around the read) and the read is not inside a
lambda or a generator expression, where an `await` cannot go. Inside the lambda of a
`run_sync(...)` it runs in the session's greenlet already: nothing to do.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import libcst as cst
import libcst.matchers as m
from libcst.metadata import Assignment, ExpressionContext, ExpressionContextProvider, ScopeProvider

from codemods.callgraph import FunctionFacts
from codemods.tracking import Tracking

if TYPE_CHECKING:
    from codemods.index import ProjectIndex

FrameKind = Literal["function", "lambda", "generator", "greenlet"]
# `<session>.run_sync(lambda ...: ...)`: the lambda runs in the session's greenlet.
RUN_SYNC_LAMBDA = m.Call(
    func=m.Attribute(attr=m.Name("run_sync")), args=[m.Arg(value=m.Lambda()), m.ZeroOrMore()]
)

# Whether a local holds Rows (`RelationshipReadTracker.held`). Methods of a legacy Query
# that keep what it selects:
QUERY_KEEPS = frozenset(
    {
        "filter", "filter_by", "where", "join", "outerjoin", "select_from", "group_by",
        "having", "order_by", "limit", "offset", "slice", "distinct", "options", "params",
        "correlate", "execution_options", "yield_per", "enable_eagerloads", "autoflush",
        "populate_existing", "with_for_update", "prefix_with", "suffix_with", "with_parent",
        "union", "union_all", "intersect", "intersect_all", "except_", "except_all",
    }
)  # fmt: skip
ONE_ROW = frozenset({"first", "one", "one_or_none"})  # of a Query or a Result
RESULT_KEEPS = frozenset({"unique", "tuples"})
RESULT_ROWS = frozenset({"all", "fetchall", "fetchmany"})
RESULT_ROW = ONE_ROW | {"fetchone"}
# `sqlalchemy.cast(...)`, `func.count(...)`: column expressions, wherever imported from
SQL_MODULES = frozenset({"sqlalchemy", "sqlalchemy.sql", "sqlalchemy.sql.expression", "sqlmodel"})
SQL_ELEMENTS = frozenset(
    {
        "cast", "case", "literal", "literal_column", "label", "extract", "type_coerce",
        "distinct", "null", "true", "false", "tuple_", "over", "bindparam",
        "and_", "or_", "not_",
    }
)  # fmt: skip


@dataclass
class _Frame:
    kind: FrameKind
    converting: bool  # inside a function this run turns into a coroutine
    through: list[str] = field(default_factory=list)  # sessions to read through, innermost last
    local_sessions: set[str] = field(default_factory=set)
    schemas: set[str] = field(default_factory=set)  # parameters annotated with a schema


@dataclass(frozen=True)
class _Query:
    """A legacy `Query`; per column it selects, whether that is a column expression (not an
    entity, nor anything the tracker cannot tell)."""

    columns: tuple[bool, ...]

    @property
    def rows(self) -> bool:
        """It returns Rows: of several columns or entities, or of one column expression."""
        return len(self.columns) > 1 or self.columns == (True,)


# A Query, a Result of Rows (`session.execute(...)`), a list of Rows, or one Row.
Held = _Query | Literal["result", "rows", "row"]


@dataclass(frozen=True)
class _Binding:
    """`name = value`, or `for name in value` (`iterated`), in a function this run converts."""

    value: cst.BaseExpression
    iterated: bool
    order: int
    sessions: frozenset[str]  # the sessions of the function it is in
    # Names the function (or a function in it) uses otherwise than as a list of Rows is
    # used: handed on, aliased, `.append(...)`ed, stored into; such a list may come to
    # hold anything.
    escaped: set[str]


class _BindingScanner(cst.CSTVisitor):
    """The bindings of single names in one function's body (not in nested functions or
    classes, which are scanned on their own): what a name may hold. Any other binding of
    a name (a parameter, `a, b = ...`, `with ... as name`, `+=`) leaves it unknown. And
    the names used otherwise than iterated, indexed, measured (`len`), tested or
    returned, anywhere in the body."""

    def __init__(
        self,
        found: dict[cst.Name, _Binding],
        sessions: frozenset[str],
        context: Callable[[cst.CSTNode], ExpressionContext | None],
    ) -> None:
        super().__init__()
        self.found = found
        self.sessions = sessions
        self.context = context
        self.nested = 0
        self.escaped: set[str] = set()
        self.contained: set[cst.Name] = set()  # used where a list of Rows stays one

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.nested += 1

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.nested -= 1

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.nested += 1

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.nested -= 1

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._bind(target.target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._bind(node.target, node.value)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._bind(node.target, node.value)

    def visit_For(self, node: cst.For) -> None:
        self._contain(node.iter)
        if node.asynchronous is None:
            self._bind(node.target, node.iter, iterated=True)

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self._contain(node.iter)
        if node.asynchronous is None:
            self._bind(node.target, node.iter, iterated=True)

    def visit_Subscript(self, node: cst.Subscript) -> None:
        if self.context(node) == ExpressionContext.LOAD:
            self._contain(node.value)

    def visit_Call(self, node: cst.Call) -> None:
        if m.matches(node, m.Call(func=m.Name("len"), args=[m.Arg(keyword=None, star="")])):
            self._contain(node.args[0].value)

    def visit_UnaryOperation(self, node: cst.UnaryOperation) -> None:
        if isinstance(node.operator, cst.Not):
            self._contain(node.expression)

    def visit_If(self, node: cst.If) -> None:
        self._contain(node.test)

    def visit_While(self, node: cst.While) -> None:
        self._contain(node.test)

    def visit_IfExp(self, node: cst.IfExp) -> None:
        self._contain(node.test)

    def visit_Return(self, node: cst.Return) -> None:
        if node.value is not None:
            self._contain(node.value)

    def visit_Name(self, node: cst.Name) -> None:
        if node not in self.contained and self.context(node) in (
            ExpressionContext.LOAD,
            ExpressionContext.DEL,
        ):
            self.escaped.add(node.value)

    def _contain(self, node: cst.BaseExpression) -> None:
        if isinstance(node, cst.Name):
            self.contained.add(node)

    def _bind(
        self, target: cst.BaseExpression, value: cst.BaseExpression, *, iterated: bool = False
    ) -> None:
        if isinstance(target, cst.Name) and not self.nested:
            binding = _Binding(value, iterated, len(self.found), self.sessions, self.escaped)
            self.found[target] = binding


@dataclass(frozen=True)
class RelationshipRead:
    session: str | None  # the session to read it through; None when it cannot be
    reason: str  # why it cannot, when it cannot
    # The function opens its own session (`db = SessionLocal()`): once that becomes an
    # `async with` block (`open_async_sessions`), reads inside it go through it.
    opened: bool = False


class RelationshipReadTracker(Tracking):
    """Mixin for a transform or a rule (only `visit_*` and attribute hooks, which have
    the same signatures in both). Needs `ExpressionContextProvider`, `ScopeProvider` and
    the `canonical_names` / `qualified_names` of its base."""

    def setup_tracking(self) -> None:
        super().setup_tracking()
        self._frames: list[_Frame] = []
        self._called: set[int] = set()  # `x.items` of `x.items()`: a method, not a read
        self._opened_by_with: list[int] = []
        self._greenlet_lambdas: set[int] = set()
        self._outermost_iterables: dict[int, _Frame] = {}  # a generator's first `for`
        self._bindings: dict[cst.Name, _Binding] = {}  # by the name bound
        self._assumed: dict[tuple[cst.Name, ...], Held | None] = {}
        self._held_by_names: dict[tuple[cst.Name, ...], Held | None] = {}

    # -- the frames reads happen in ------------------------------------------------------

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        converted = self._converted_facts(node)
        parameter, local = _sessions_of(converted, self.index) if converted else (None, set())
        frame = _Frame("function", converted is not None, [parameter] if parameter else [], local)
        frame.schemas = self._schema_parameters(node)
        self._frames.append(frame)
        if converted is not None:
            sessions = frozenset({*frame.through, *local})
            node.body.visit(_BindingScanner(self._bindings, sessions, self._context))

    def leave_FunctionDef_body(self, node: cst.FunctionDef) -> None:
        self._frames.pop()

    def visit_With_body(self, node: cst.With) -> None:
        """`async with AsyncSessionLocal() as db:`: reads inside go through `db`."""
        names = [
            item.asname.name.value
            for item in node.items
            if item.asname is not None and isinstance(item.asname.name, cst.Name)
        ]
        frame = self._frames[-1] if self._frames else None
        opened = [n for n in names if frame is not None and n in frame.local_sessions]
        if frame is not None:
            frame.through.extend(opened)
        self._opened_by_with.append(len(opened))

    def leave_With_body(self, node: cst.With) -> None:
        for _ in range(self._opened_by_with.pop()):
            self._frames[-1].through.pop()

    def visit_Lambda_body(self, node: cst.Lambda) -> None:
        kind: FrameKind = "greenlet" if id(node) in self._greenlet_lambdas else "lambda"
        self._frames.append(_Frame(kind, self._converting()))

    def leave_Lambda_body(self, node: cst.Lambda) -> None:
        self._frames.pop()

    def visit_GeneratorExp(self, node: cst.GeneratorExp) -> None:
        # the first iterable is evaluated where the generator is made: it may await
        if self._frames:
            self._outermost_iterables[id(node.for_in)] = self._frames[-1]
        self._frames.append(_Frame("generator", self._converting()))

    def leave_GeneratorExp_for_in(self, node: cst.GeneratorExp) -> None:
        self._frames.pop()

    def visit_CompFor_iter(self, node: cst.CompFor) -> None:
        enclosing = self._outermost_iterables.get(id(node))
        self._frames.append(
            enclosing or (self._frames[-1] if self._frames else _Frame("function", False))
        )

    def leave_CompFor_iter(self, node: cst.CompFor) -> None:
        self._frames.pop()

    def visit_Call(self, node: cst.Call) -> None:
        self._called.add(id(node.func))
        if m.matches(node, RUN_SYNC_LAMBDA):
            self._greenlet_lambdas.add(id(node.args[0].value))

    # -- reads -------------------------------------------------------------------------

    def relationship_read(self, node: cst.Attribute) -> RelationshipRead | None:
        """The relationship read `node` is in code this run makes a coroutine, if it is
        one there, and the session it can be read through."""
        frame = self._frames[-1] if self._frames else None
        if frame is None or not frame.converting or frame.kind == "greenlet":
            return None
        if node.attr.value not in self.index.lazy_relationships or id(node) in self._called:
            return None
        if self.get_metadata(ExpressionContextProvider, node, None) != ExpressionContext.LOAD:
            return None
        if self.held(node.value, self._function_sessions()) == "row":
            return None  # a value the query selected (`row.lines` of a labelled count)
        root = _root(node)
        session = frame.through[-1] if frame.through else None
        if root is None or root.value in ("self", "cls", session, *frame.local_sessions):
            return None
        if root.value in self._schemas() or not self._is_local(root):
            return None  # a schema, a module (`crud.product`), a global
        if frame.kind != "function":
            return RelationshipRead(None, f"inside a {frame.kind}, where `await` cannot go")
        if session is None and frame.local_sessions:
            reason = "outside the block of the session the function opens"
            return RelationshipRead(None, reason, opened=True)
        if session is None:
            return RelationshipRead(None, "the function has no session to read it through")
        return RelationshipRead(session, "")

    def read_session(self) -> str | None:
        """The session reads (and schema validations) here go through, if any."""
        frame = self._frames[-1] if self._frames else None
        if frame is None or frame.kind != "function" or not frame.converting:
            return None
        return frame.through[-1] if frame.through else None

    # -- what a local holds: Rows or not ---------------------------------------------------

    def held(self, node: cst.BaseExpression, sessions: frozenset[str]) -> Held | None:
        """What `node` holds if it holds Rows (or a Query), else None (an entity, a value,
        anything the tracker cannot tell). Queries and results count only on a session of
        the function (`sessions`): another object's `query()` may return entities."""
        if isinstance(node, cst.Await):
            return self.held(node.expression, sessions)
        if isinstance(node, cst.Name):
            return self._held_by_name(node)
        if isinstance(node, cst.Subscript):
            return _subscripted(self.held(node.value, sessions), node.slice)
        if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute)):
            return None
        method, receiver = node.func.attr.value, node.func.value
        if method in ("query", "execute"):
            if not (isinstance(receiver, cst.Name) and receiver.value in sessions):
                return None
            if method == "execute":
                return "result"
            columns = self._selected(node.args)
            return None if columns is None else _Query(columns)
        return self._after_call(self.held(receiver, sessions), method, node.args)

    def _after_call(self, held: Held | None, method: str, args: Sequence[cst.Arg]) -> Held | None:
        """What `<held>.<method>(<args>)` holds."""
        if isinstance(held, _Query):
            if method in QUERY_KEEPS:
                return held
            if method in ("with_entities", "add_columns", "add_entity"):
                columns = self._selected(args)
                if columns is None:
                    return None
                return _Query(columns if method == "with_entities" else held.columns + columns)
            if not held.rows:
                return None  # entities
            return "rows" if method == "all" else "row" if method in ONE_ROW else None
        if held == "result":
            if method in RESULT_KEEPS:
                return "result"
            return "rows" if method in RESULT_ROWS else "row" if method in RESULT_ROW else None
        return None

    def _held_by_name(self, name: cst.Name) -> Held | None:
        """What every binding of the name gives, if they agree. A binding may use the name
        itself (`q = q.filter(...)`): assuming the name holds what its first binding gives,
        every binding must give it again."""
        targets = self._bound(name)
        if targets is None:
            return None
        if targets in self._assumed:
            return self._assumed[targets]
        if targets in self._held_by_names:
            return self._held_by_names[targets]
        self._assumed[targets] = None
        first = self._held_by_binding(targets[0])
        self._assumed[targets] = first
        agreed = first is not None and all(self._held_by_binding(t) == first for t in targets)
        del self._assumed[targets]
        held = first if agreed else None
        if not self._assumed:  # not decided on an assumption about another name
            self._held_by_names[targets] = held
        return held

    def _bound(self, name: cst.Name) -> tuple[cst.Name, ...] | None:
        """Where the name is bound, if only by bindings the scanner read (in order)."""
        scope = self.get_metadata(ScopeProvider, name, None)
        if scope is None:
            return None
        targets = []
        for assignment in scope[name.value]:
            target = assignment.node if isinstance(assignment, Assignment) else None
            if not isinstance(target, cst.Name) or target not in self._bindings:
                return None
            targets.append(target)
        return tuple(sorted(targets, key=lambda t: self._bindings[t].order)) or None

    def _held_by_binding(self, target: cst.Name) -> Held | None:
        binding = self._bindings[target]
        held = self.held(binding.value, binding.sessions)
        if binding.iterated:
            rows = held in ("result", "rows") or (isinstance(held, _Query) and held.rows)
            return "row" if rows else None
        if held == "rows" and target.value in binding.escaped:
            return None  # a list, which may have been handed on and filled with anything
        return held

    def _context(self, node: cst.CSTNode) -> ExpressionContext | None:
        context: ExpressionContext | None = self.get_metadata(ExpressionContextProvider, node, None)
        return context

    def _selected(self, args: Sequence[cst.Arg]) -> tuple[bool, ...] | None:
        """Per column `query(...)` selects, whether it is a column expression."""
        if not args or any(arg.star or arg.keyword is not None for arg in args):
            return None
        return tuple(self._is_column(arg.value) for arg in args)

    def _is_column(self, node: cst.BaseExpression) -> bool:
        """`X.label(...)`, `func.count(...)`, `cast(...)`, `Model.column`, `table.c.name`."""
        if isinstance(node, cst.Call):
            if isinstance(node.func, cst.Attribute) and node.func.attr.value == "label":
                return True
            return any(_is_sql_function(name) for name in self.canonical_names(node.func))
        if not isinstance(node, cst.Attribute):
            return False
        if isinstance(node.value, cst.Attribute) and node.value.attr.value in ("c", "columns"):
            return True
        models = self.index.models
        return any(
            node.attr.value in models[name].columns
            for name in self.canonical_names(node.value)
            if name in models
        )

    def _function_sessions(self) -> frozenset[str]:
        functions = [f for f in self._frames if f.kind == "function"]
        frame = functions[-1] if functions else None
        return frozenset({*frame.through, *frame.local_sessions}) if frame else frozenset()

    def _converting(self) -> bool:
        return bool(self._frames) and self._frames[-1].converting

    def _schemas(self) -> set[str]:
        functions = [f for f in self._frames if f.kind == "function"]
        return functions[-1].schemas if functions else set()

    def _converted_facts(self, node: cst.FunctionDef) -> FunctionFacts | None:
        """The function, if this run turns it into a coroutine (async code the project
        wrote is left as it is)."""
        plan = self.index.async_plan
        for name in sorted(self.qualified_names(node.name)):
            facts = self.index.function(name)
            if facts is not None and name in plan.becomes_async:
                return facts
        return None

    def _schema_parameters(self, node: cst.FunctionDef) -> set[str]:
        schemas = self.index.schemas.names
        parameters = [*node.params.posonly_params, *node.params.params, *node.params.kwonly_params]
        return {
            p.name.value
            for p in parameters
            if p.annotation is not None and self.canonical_names(p.annotation.annotation) & schemas
        }

    def _is_local(self, name: cst.Name) -> bool:
        """A parameter or local of a function (not an import or a module global)."""
        return any(".<locals>." in q for q in self.qualified_names(name))


def _sessions_of(function: FunctionFacts, index: ProjectIndex) -> tuple[str | None, set[str]]:
    """The session parameter reads go through, and the sessions the function opens."""
    sessions = set(index.async_plan.async_sessions.get(function.name, ()))
    parameters = [p for p in function.session_parameters if p in sessions]
    return (parameters[0] if parameters else None), sessions - set(parameters)


def _subscripted(held: Held | None, index: Sequence[cst.SubscriptElement]) -> Held | None:
    """`rows[0]` is a Row, `rows[1:]` Rows (of a list, or of a Query of Rows)."""
    if not (held == "rows" or (isinstance(held, _Query) and held.rows)) or len(index) != 1:
        return None
    if isinstance(index[0].slice, cst.Slice):
        return "rows"
    return "row" if isinstance(index[0].slice, cst.Index) and index[0].slice.star is None else None


def _is_sql_function(name: str) -> bool:
    module, _, last = name.rpartition(".")
    if module in SQL_MODULES and last in SQL_ELEMENTS:
        return True
    return name.split(".", 1)[0] in ("sqlalchemy", "sqlmodel") and ".func." in name


def _root(node: cst.BaseExpression) -> cst.Name | None:
    """`ticket` of `ticket.customer.owner` (through subscripts and calls too)."""
    while isinstance(node, cst.Attribute | cst.Subscript | cst.Call):
        node = node.func if isinstance(node, cst.Call) else node.value
    return node if isinstance(node, cst.Name) else None
