"""Relationships read in code that became async are read through the session.

    if not campaign.contacts:
        ->  if not (await db.run_sync(lambda _: campaign.contacts)):
    product.suppliers.append(supplier)
        ->  (await db.run_sync(lambda _: product.suppliers)).append(supplier)
    detail = TicketDetail.model_validate(ticket)
        ->  detail = (await db.run_sync(lambda _: TicketDetail.model_validate(ticket)))

Sync, reading a relationship that is not loaded yet loads it. In a coroutine the same read
raises MissingGreenlet: the load would block the event loop. `run_sync` evaluates the very
same expression inside the session's greenlet, where the load runs on the async
connection: the same query, the same value, at the same point of the code, and for an
attribute that is already loaded (or an object that is not mapped at all) simply the
attribute. Pydantic validation of a schema that reads relationships (`model_validate`,
`from_orm`) goes through the session the same way.

Only in functions this run turns into coroutines, reading through their session
parameter or the session of the `async with` block around the read; only
attribute reads named like a relationship of a model (not calls such as `.items()`, not
assignments), outside lambdas and generator expressions (where `await` cannot go), and
not on parameters annotated with a Pydantic schema.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m
from libcst.metadata import ExpressionContext, ExpressionContextProvider, FullyQualifiedNameProvider

from codemods.index import ProjectIndex
from codemods.settings import Settings
from codemods.transforms.base import Transform

VALIDATORS = frozenset({"model_validate", "from_orm", "parse_obj"})


class LoadRelationshipsInCode(Transform):
    DESCRIPTION = "relationship reads in coroutines go through `await session.run_sync(...)`"
    METADATA_DEPENDENCIES = (FullyQualifiedNameProvider, ExpressionContextProvider)

    @classmethod
    def wanted(cls, source: str, settings: Settings, index: ProjectIndex) -> bool:
        return (
            bool(index.lazy_relationships)
            and bool(index.async_plan.async_sessions)
            and "def " in source
        )

    @classmethod
    def wanted_in(cls, relpath: str, index: ProjectIndex) -> bool:
        return relpath in index.converted_files

    def setup_tracking(self) -> None:
        super().setup_tracking()
        self._relationships = self.index.lazy_relationships
        # Per enclosing function, lambda or generator: the sessions to read through, the
        # innermost last (its session parameter, then the `async with` blocks open here).
        self._through: list[list[str]] = []
        self._local_sessions: list[set[str]] = []
        self._schemas_passed: list[set[str]] = []  # parameters annotated with a schema
        self._called: set[int] = set()  # `x.items` of `x.items()`: a method, not a read
        self._opened_by_with: dict[int, int] = {}
        self._outermost_iterables: dict[int, list[str]] = {}  # a generator's first `for`

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        parameter, local = self._sessions_of(node)
        self._through.append([parameter] if parameter else [])
        self._local_sessions.append(local)
        self._schemas_passed.append(self._schema_parameters(node))

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        self._through.pop()
        self._local_sessions.pop()
        self._schemas_passed.pop()
        return updated_node

    def visit_With(self, node: cst.With) -> None:
        """`async with AsyncSessionLocal() as db:`: reads inside go through `db`."""
        names = [
            item.asname.name.value
            for item in node.items
            if item.asname is not None and isinstance(item.asname.name, cst.Name)
        ]
        opened = [n for n in names if self._local_sessions and n in self._local_sessions[-1]]
        if self._through:
            self._through[-1].extend(opened)
        self._opened_by_with[id(node)] = len(opened)

    def leave_With(self, original_node: cst.With, updated_node: cst.With) -> cst.With:
        for _ in range(self._opened_by_with.pop(id(original_node), 0)):
            self._through[-1].pop()
        return updated_node

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self._through.append([])

    def leave_Lambda(self, original_node: cst.Lambda, updated_node: cst.Lambda) -> cst.Lambda:
        self._through.pop()
        return updated_node

    def visit_GeneratorExp(self, node: cst.GeneratorExp) -> None:
        # the first iterable is evaluated where the generator is made: it may await
        self._outermost_iterables[id(node.for_in)] = list(
            self._through[-1] if self._through else []
        )
        self._through.append([])

    def leave_GeneratorExp(
        self, original_node: cst.GeneratorExp, updated_node: cst.GeneratorExp
    ) -> cst.GeneratorExp:
        self._through.pop()
        return updated_node

    def visit_CompFor_iter(self, node: cst.CompFor) -> None:
        enclosing = self._outermost_iterables.get(id(node))
        self._through.append(enclosing if enclosing is not None else self._through[-1])

    def leave_CompFor_iter(self, node: cst.CompFor) -> None:
        self._through.pop()

    def _sessions_of(self, node: cst.FunctionDef) -> tuple[str | None, set[str]]:
        """The session parameter reads go through, and the sessions it opens itself, in a
        function this run turns into a coroutine (async code the project wrote is left
        as it is)."""
        plan = self.index.async_plan
        for name in sorted(self.qualified_names(node.name)):
            facts = self.index.function(name)
            if facts is None or name not in plan.becomes_async:
                continue
            sessions = set(plan.async_sessions.get(name, ()))
            parameters = [p for p in facts.session_parameters if p in sessions]
            return (parameters[0] if parameters else None), sessions - set(parameters)
        return None, set()

    def _schema_parameters(self, node: cst.FunctionDef) -> set[str]:
        schemas = self.index.schemas.names
        parameters = [*node.params.posonly_params, *node.params.params, *node.params.kwonly_params]
        return {
            p.name.value
            for p in parameters
            if p.annotation is not None and self.canonical_names(p.annotation.annotation) & schemas
        }

    def _session(self) -> str | None:
        return self._through[-1][-1] if self._through and self._through[-1] else None

    def visit_Call(self, node: cst.Call) -> None:
        self._called.add(id(node.func))

    def leave_Attribute(
        self, original_node: cst.Attribute, updated_node: cst.Attribute
    ) -> cst.BaseExpression:
        session = self._session()
        if session is None or original_node.attr.value not in self._relationships:
            return updated_node
        if id(original_node) in self._called:
            return updated_node
        if (
            self.get_metadata(ExpressionContextProvider, original_node, None)
            != ExpressionContext.LOAD
        ):
            return updated_node
        root = _root(original_node)
        if root is None or root.value in ("self", "cls", session):
            return updated_node
        if root.value in self._schemas_passed[-1] or not self._is_local(root):
            return updated_node  # a schema, a module (`crud.product`), a global
        return self._read_through(session, updated_node)

    def _is_local(self, name: cst.Name) -> bool:
        """A parameter or local of a function (not an import or a module global)."""
        return any(".<locals>." in q for q in self.qualified_names(name))

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        """`Schema.model_validate(obj)` of a schema that reads relationships."""
        session = self._session()
        func = original_node.func
        if session is None or not (
            isinstance(func, cst.Attribute) and func.attr.value in VALIDATORS
        ):
            return updated_node
        if not self.canonical_names(func.value) & self.index.schemas.relational:
            return updated_node
        return self._read_through(session, updated_node)

    def _read_through(self, session: str, expression: cst.BaseExpression) -> cst.BaseExpression:
        """`(await db.run_sync(lambda _: <expression>))`; reads wrapped inside it are
        unwrapped (the whole expression runs in the greenlet), and an expression that
        awaits something else stays as it is (a lambda cannot await)."""
        inner = expression.visit(_Unwrap())
        assert isinstance(inner, cst.BaseExpression)
        if _awaits(inner):
            return expression
        self.rewrites += 1
        lambda_ = cst.Lambda(
            cst.Parameters([cst.Param(cst.Name("_"))]), inner.with_changes(lpar=[], rpar=[])
        )
        call = cst.Call(cst.Attribute(cst.Name(session), cst.Name("run_sync")), [cst.Arg(lambda_)])
        return cst.Await(call, lpar=[cst.LeftParen()], rpar=[cst.RightParen()])


class _Unwrap(cst.CSTTransformer):
    """`(await db.run_sync(lambda _: x.rel))` -> `x.rel`, for reads nested in a wider one."""

    def leave_Await(self, original_node: cst.Await, updated_node: cst.Await) -> cst.BaseExpression:
        if not _is_read(updated_node):
            return updated_node
        # an attribute or a call: no parentheses are needed where it goes back
        call = cst.ensure_type(updated_node.expression, cst.Call)
        return cst.ensure_type(call.args[0].value, cst.Lambda).body


# `await <session>.run_sync(lambda _: ...)`, as `_read_through` writes it.
READ = m.Await(
    expression=m.Call(func=m.Attribute(attr=m.Name("run_sync")), args=[m.Arg(value=m.Lambda())])
)


def _awaits(expression: cst.BaseExpression) -> bool:
    return bool(m.findall(expression, m.Await()))


def _is_read(node: cst.BaseExpression) -> bool:
    return m.matches(node, READ)


def _root(node: cst.BaseExpression) -> cst.Name | None:
    """`ticket` of `ticket.customer.owner` (through subscripts and calls too)."""
    while isinstance(node, cst.Attribute | cst.Subscript | cst.Call):
        node = node.func if isinstance(node, cst.Call) else node.value
    return node if isinstance(node, cst.Name) else None
