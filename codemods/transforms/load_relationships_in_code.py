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
from libcst.metadata import ExpressionContextProvider, ScopeProvider

from codemods.index import ProjectIndex
from codemods.relationship_reads import RelationshipReadTracker
from codemods.settings import Settings
from codemods.text_checks import attribute_named
from codemods.transforms.base import Transform

VALIDATORS = frozenset({"model_validate", "from_orm", "parse_obj"})


class LoadRelationshipsInCode(RelationshipReadTracker, Transform):
    DESCRIPTION = "relationship reads in coroutines go through `await session.run_sync(...)`"
    METADATA_DEPENDENCIES = (ExpressionContextProvider, ScopeProvider)
    # What `make_async` changes (`async`, session parameters, Annotated aliases) is not
    # what this reads: it knows the converted functions and their sessions from the plan.
    FUSES_AFTER = frozenset({"make_async"})

    @classmethod
    def wanted(cls, source: str, settings: Settings, index: ProjectIndex) -> bool:
        # A read is an attribute named after a relationship, or a validator's call.
        return (
            bool(index.async_plan.async_sessions)
            and "def " in source
            and attribute_named(source, index.lazy_relationships | VALIDATORS)
        )

    @classmethod
    def wanted_in(cls, relpath: str, index: ProjectIndex) -> bool:
        return relpath in index.converted_files

    def leave_Attribute(
        self, original_node: cst.Attribute, updated_node: cst.Attribute
    ) -> cst.BaseExpression:
        read = self.relationship_read(original_node)
        if read is None or read.session is None:
            return updated_node  # what cannot go through the session, SQA007 reports
        return self._read_through(read.session, updated_node)

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        """`Schema.model_validate(obj)` of a schema that reads relationships."""
        session = self.read_session()
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
