"""SQA001 legacy-query: `session.query(...)`, the legacy Query API.

AsyncSession has no `query()`: every legacy query must become a `select()` executed
with `await session.execute(...)`. `migrate` rewrites the forms it can prove
equivalent; the rest are reported here with their location and the reason.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from codemods.audit.rules.base import Rule
from codemods.index import ProjectIndex
from codemods.queries.forms import Plan, Refusal
from codemods.queries.plan import QueryPlanner, mentions_flowing_queries
from codemods.settings import Settings
from codemods.text_checks import method_called
from codemods.transforms.query_get_to_session_get import BARE_QUERY_GET


class LegacyQuery(QueryPlanner, Rule):
    CODE = "SQA001"

    def setup_tracking(self) -> None:
        super().setup_tracking()
        self._bare_gets: set[cst.CSTNode] = set()

    @classmethod
    def wanted(cls, source: str, settings: Settings, index: ProjectIndex) -> bool:
        return method_called(source, "query") or mentions_flowing_queries(source, index)

    def visit_Call(self, node: cst.Call) -> None:
        super().visit_Call(node)
        if m.matches(node, BARE_QUERY_GET):
            self._bare_gets.add(cst.ensure_type(node.func, cst.Attribute).value)

    def leave_Call(self, original_node: cst.Call) -> None:
        call = self.session_call(original_node)
        if call is None or call.method != "query":
            return
        message = (
            f"legacy `{call.session}.query()`: use `select()` with `await {call.session}.execute()`"
        )
        plan = self.root_plans.get(original_node)
        fixable = original_node in self._bare_gets or isinstance(plan, Plan)
        detail = plan.reason if not fixable and isinstance(plan, Refusal) else ""
        if detail:
            message += f" ({detail})"
        function = self.functions[-1] if self.functions else ""
        self.report(original_node, message, fixable=fixable, function=function, detail=detail)
