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

from libcst import BaseExpression, Call
from libcst.codemod import CodemodContext

from codemods.index import ProjectIndex
from codemods.queries.chain import parse_chain
from codemods.queries.plan import Plan, QueryPlanner
from codemods.queries.render import Names, render
from codemods.settings import Settings
from codemods.transforms.base import Transform
from codemods.transforms.query_get_to_session_get import QUERY_CALL


class QueryToSelect(QueryPlanner, Transform):
    DESCRIPTION = "db.query(...) chains -> db.execute(select(...)) with the same results"

    def __init__(self, context: CodemodContext, settings: Settings, index: ProjectIndex) -> None:
        super().__init__(context, settings, index)
        self.init_session_tracking(settings, index)
        self.init_query_planning()

    @classmethod
    def wanted(cls, source: str, settings: Settings, index: ProjectIndex) -> bool:
        return QUERY_CALL.search(source) is not None

    def leave_Call(self, original_node: Call, updated_node: Call) -> BaseExpression:
        planned = self.plans.get(original_node)
        chain = parse_chain(updated_node)
        if planned is None or not isinstance(planned[1], Plan) or chain is None:
            return updated_node
        plan = planned[1]
        for name in sorted(plan.names):
            self.add_needed_import("sqlalchemy", name)
        self.rewrites += 1
        if plan.forced_one_or_none:
            self.details["first() forced to scalar_one_or_none() by first-style"] += 1
        return render(chain, plan, Names())
