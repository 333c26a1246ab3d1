"""Where code that becomes a coroutine reads a relationship, and whether it can go through
the session.

Shared by the transform that reads them through `await db.run_sync(lambda _: ...)`
(`load_relationships_in_code`) and the audit rule that reports the ones it cannot
(SQA007), so both always agree on what is fixable. A read counts when it is an attribute
load named like a lazy relationship of a model, on a parameter or local of a function
this run turns into a coroutine (not `self`, a module, a global, a session, nor a
parameter annotated with a Pydantic schema), and is not a method call (`.items()`).
It can go through the session when the function has one to read it through (its session
parameter, or the `async with` block around the read) and the read is not inside a
lambda or a generator expression, where an `await` cannot go. Inside the lambda of a
`run_sync(...)` it runs in the session's greenlet already: nothing to do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import libcst as cst
import libcst.matchers as m
from libcst.metadata import ExpressionContext, ExpressionContextProvider

from codemods.callgraph import FunctionFacts
from codemods.tracking import Tracking

if TYPE_CHECKING:
    from codemods.index import ProjectIndex

FrameKind = Literal["function", "lambda", "generator", "greenlet"]
# `<session>.run_sync(lambda ...: ...)`: the lambda runs in the session's greenlet.
RUN_SYNC_LAMBDA = m.Call(
    func=m.Attribute(attr=m.Name("run_sync")), args=[m.Arg(value=m.Lambda()), m.ZeroOrMore()]
)


@dataclass
class _Frame:
    kind: FrameKind
    converting: bool  # inside a function this run turns into a coroutine
    through: list[str] = field(default_factory=list)  # sessions to read through, innermost last
    local_sessions: set[str] = field(default_factory=set)
    schemas: set[str] = field(default_factory=set)  # parameters annotated with a schema


@dataclass(frozen=True)
class RelationshipRead:
    session: str | None  # the session to read it through; None when it cannot be
    reason: str  # why it cannot, when it cannot
    # The function opens its own session (`db = SessionLocal()`): once that becomes an
    # `async with` block (`open_async_sessions`), reads inside it go through it.
    opened: bool = False


class RelationshipReadTracker(Tracking):
    """Mixin for a transform or a rule (only `visit_*` and attribute hooks, which have
    the same signatures in both). Needs `ExpressionContextProvider` and the
    `canonical_names` / `qualified_names` of its base."""

    def setup_tracking(self) -> None:
        super().setup_tracking()
        self._frames: list[_Frame] = []
        self._called: set[int] = set()  # `x.items` of `x.items()`: a method, not a read
        self._opened_by_with: list[int] = []
        self._greenlet_lambdas: set[int] = set()
        self._outermost_iterables: dict[int, _Frame] = {}  # a generator's first `for`

    # -- the frames reads happen in ------------------------------------------------------

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        converted = self._converted_facts(node)
        parameter, local = _sessions_of(converted, self.index) if converted else (None, set())
        frame = _Frame("function", converted is not None, [parameter] if parameter else [], local)
        frame.schemas = self._schema_parameters(node)
        self._frames.append(frame)

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


def _root(node: cst.BaseExpression) -> cst.Name | None:
    """`ticket` of `ticket.customer.owner` (through subscripts and calls too)."""
    while isinstance(node, cst.Attribute | cst.Subscript | cst.Call):
        node = node.func if isinstance(node, cst.Call) else node.value
    return node if isinstance(node, cst.Name) else None
