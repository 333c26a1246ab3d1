"""Run legacy `Query` chains as 2.0 `select()` statements through `session.execute()`.

    db.query(User).filter(User.id == uid).first()
        ->  db.execute(select(User).where(User.id == uid)).scalar_one_or_none()
    db.query(User).filter(User.city == c).first()
        ->  db.execute(select(User).where(User.city == c).limit(1)).scalars().first()
    db.query(User.email).all()                  ->  db.execute(select(User.email)).all()
    db.query(User).join(Post).all()
        ->  db.execute(select(User).join(Post)).scalars().unique().all()
    db.query(User).filter(c).count()
        ->  db.execute(select(func.count()).select_from(User).where(c)).scalar_one()

Each form returns what the legacy call returned (see `queries/plan.py` for the facts it
relies on). The session stays as it is; on an AsyncSession `await_session_io` then
awaits the `execute()`. Chains the tool cannot prove equivalent are left untouched
and reported by the audit (SQA001) with the reason.
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata import ScopeProvider

from codemods.index import ProjectIndex
from codemods.queries.chain import Chain, Link, method_call, parse_chain
from codemods.queries.forms import Plan, Refusal
from codemods.queries.plan import QueryPlanner, mentions_flowing_queries
from codemods.queries.render import render
from codemods.queries.signatures import (
    QUERY_TYPES,
    SYNC_SESSION_TYPES,
    select_type,
    with_argument,
    with_session_parameter,
)
from codemods.query_flow import QueryReceiver
from codemods.settings import Settings
from codemods.text_checks import method_called
from codemods.transforms.base import Transform


class QueryToSelect(QueryPlanner, Transform):
    DESCRIPTION = "db.query(...) chains -> db.execute(select(...)) with the same results"

    def setup_tracking(self) -> None:
        super().setup_tracking()
        self._windowed: dict[cst.Subscript, Plan] = {}
        self._left_in_statement: list[list[str]] = []  # why chains were left, per statement

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        self._left_in_statement.append([])

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine:
        reasons = self._left_in_statement.pop()
        if not reasons or not self.settings.todo_comments:
            return updated_node
        present = {line.comment.value for line in updated_node.leading_lines if line.comment}
        todos = [
            cst.EmptyLine(comment=cst.Comment(text))
            for text in dict.fromkeys(f"# TODO(sqla-async): {reason}" for reason in reasons)
            if text not in present
        ]
        return updated_node.with_changes(leading_lines=[*updated_node.leading_lines, *todos])

    @classmethod
    def wanted(cls, source: str, settings: Settings, index: ProjectIndex) -> bool:
        if method_called(source, "query"):
            return True
        return mentions_flowing_queries(source, index)

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        if self.index.query_receivers:
            updated_node = self._call_to_receiver(original_node, updated_node)
        elif original_node in self.sessions_for_calls:  # `paginate(db.query(X))`
            position, session = self.sessions_for_calls[original_node]
            updated_node = with_argument(updated_node, position, session.deep_clone())
        return self._rewrite(original_node, updated_node)

    def _call_to_receiver(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        """Hand over a `select()` (and the session the receiver gains), or withdraw the
        receiver for the run if what this call hands it could not be rewritten."""
        handed = self.handed_argument(original)
        if handed is None:
            if original in self.sessions_for_calls:  # `paginate(db.query(X))`
                position, session = self.sessions_for_calls[original]
                return with_argument(updated, position, session.deep_clone())
            return updated
        name, argument = handed
        if not self.handed_query_planned(argument):
            self.disproved.add(name)  # also at module level, where no function ends
            return updated
        if original in self.sessions_for_calls:
            position, session = self.sessions_for_calls[original]
            return with_argument(updated, position, session.deep_clone())
        return updated

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        """Builders return, and receivers take, a `select()` now: say so in annotations."""
        names = self.qualified_names(original_node.name)
        if names & self.index.query_builders.keys() and updated_node.returns is not None:
            returns = self._select_annotation(original_node.returns, updated_node.returns)
            updated_node = updated_node.with_changes(returns=returns)
        receivers = sorted(names & self.receivers_planned)
        if receivers:
            receiver = self.index.query_receivers[receivers[0]]
            updated_node = self._receiving(original_node, updated_node, receiver)
        return updated_node

    def _receiving(
        self, original: cst.FunctionDef, updated: cst.FunctionDef, receiver: QueryReceiver
    ) -> cst.FunctionDef:
        params = []
        for old, new in zip(original.params.params, updated.params.params, strict=True):
            if old.name.value == receiver.parameter and new.annotation is not None:
                new = new.with_changes(
                    annotation=self._select_annotation(old.annotation, new.annotation)
                )
            params.append(new)
        parameters = updated.params.with_changes(params=params)
        if receiver.gains_session:
            annotation = self._session_annotation(original) if _annotated(original) else None
            parameters = with_session_parameter(
                parameters, receiver.session_position, receiver.session, annotation
            )
        return updated.with_changes(params=parameters)

    def _select_annotation(
        self, original: cst.Annotation | None, updated: cst.Annotation
    ) -> cst.Annotation:
        node = original.annotation if original is not None else None
        named = node.value if isinstance(node, cst.Subscript) else node
        if named is None or not self.qualified_names(named) & QUERY_TYPES:
            return updated
        spelled = self.sql_spelling(named, "Select")
        if spelled is None:
            return updated
        self.add_needed_import("sqlalchemy", "Select", None if spelled == "Select" else spelled)
        self.remove_unused_import("sqlalchemy.orm", "Query")
        return updated.with_changes(annotation=select_type(updated.annotation, spelled))

    def _session_annotation(self, function: cst.FunctionDef) -> str | None:
        """`Session` for the gained parameter, if that name is free or is the Session."""
        scope = self.get_metadata(ScopeProvider, function, None)
        if scope is None or "Session" not in scope:
            self.add_needed_import("sqlalchemy.orm", "Session")
            return "Session"
        names = {q.name for q in scope.get_qualified_names_for("Session")}
        return "Session" if names & SYNC_SESSION_TYPES else None

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        # A variable that holds a query, iterated or indexed as it is: `for u in q`.
        return self._rewrite(original_node, updated_node)

    def leave_Subscript(
        self, original_node: cst.Subscript, updated_node: cst.Subscript
    ) -> cst.BaseExpression:
        """`q[i]` became `<rows of .slice(i, i + 1)>`: take `[0]`; `q[a:b]` is the rows."""
        plan = self._windowed.get(original_node)
        if plan is None:
            return updated_node
        if isinstance(original_node.slice[0].slice, cst.Index):
            index = cst.SubscriptElement(cst.Index(cst.Integer("0")))
            return updated_node.with_changes(slice=[index])
        return updated_node.value.with_changes(lpar=updated_node.lpar, rpar=updated_node.rpar)

    def _rewrite(self, original: cst.CSTNode, updated: cst.BaseExpression) -> cst.BaseExpression:
        planned = self.plans.get(original)
        if planned is not None and isinstance(planned[1], Refusal) and self._left_in_statement:
            self._left_in_statement[-1].append(planned[1].reason)
        if planned is None or not isinstance(planned[1], Plan):
            return updated
        chain, plan = _updated_chain(planned[0], updated), planned[1]
        if chain is None:
            return updated
        for name in sorted(plan.names):
            spelling = plan.spelling(name)
            self.add_needed_import("sqlalchemy", name, None if spelling == name else spelling)
        self.rewrites += 1
        if plan.forced_one_or_none:
            self.details["first() forced to scalar_one_or_none() by first-style"] += 1
        if plan.window is not None:
            self._windowed[self.contexts.subscripts[original]] = plan
        return render(chain, plan, original in self.contexts.statement_level)


def _annotated(function: cst.FunctionDef) -> bool:
    """Whether the function annotates its parameters (then the gained session is too)."""
    return any(p.annotation is not None for p in function.params.params)


def _updated_chain(planned: Chain, updated: cst.BaseExpression) -> Chain | None:
    """The planned chain read again from the updated node (same shape, new children)."""
    if planned.starts_with_query:
        return parse_chain(cst.ensure_type(updated, cst.Call))
    links: list[Link] = []
    node = updated
    for link in reversed(planned.links):  # down from the top, as many links as planned
        step = method_call(node)
        if step is None or step[0] != link.method:
            return None
        links.append(Link(link.method, cst.ensure_type(node, cst.Call)))
        node = step[1]
    if not isinstance(node, cst.Name | cst.Call):
        return None
    return Chain(planned.session, node, tuple(reversed(links)), planned.origin)
