"""Hand the session to helpers that stay sync through `AsyncSession.run_sync()`.

    rows = export.to_csv(db, path)  ->  rows = await db.run_sync(export.to_csv, path)
    audit.record(user, db)          ->  await db.run_sync(
                                            lambda sync_db: audit.record(user, sync_db)
                                        )

The helpers are those outside the project (a library written for `Session`) and those
`keep-sync` lists in `[tool.sqla-async]`. `run_sync` calls them in SQLAlchemy's greenlet
with the sync `Session` the AsyncSession wraps: same connection, same transaction, and
their I/O works as it did. The calls are the ones the index found exact to bridge
(`sync_bridges.py`), in functions that become coroutines; the rest keep their function
sync, with the reason.
"""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst
import libcst.matchers as m
from libcst.helpers import get_full_name_for_node
from libcst.metadata import PositionProvider

from codemods.index import ProjectIndex
from codemods.nodes import AwaitParentheses, awaited, parenthesize_awaited_part
from codemods.settings import Settings
from codemods.transforms.base import Transform


class BridgeSyncHelpers(AwaitParentheses, Transform):
    DESCRIPTION = "helper(db, ...) -> await db.run_sync(helper, ...) for helpers that stay sync"
    METADATA_DEPENDENCIES = (PositionProvider,)

    @classmethod
    def wanted(cls, source: str, settings: Settings, index: ProjectIndex) -> bool:
        return bool(index.async_plan.bridged_calls)

    @classmethod
    def wanted_in(cls, relpath: str, index: ProjectIndex) -> bool:
        return relpath in index.async_plan.bridged_calls

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        updated_node = parenthesize_awaited_part(updated_node)
        session = self._bridged_session(original_node)
        if session is None:
            return updated_node
        self.rewrites += 1
        return awaited(_run_sync(updated_node, session))

    def _bridged_session(self, call: cst.Call) -> str | None:
        written = get_full_name_for_node(call.func)
        if written is None:
            return None
        line = self.get_metadata(PositionProvider, call).start.line
        plan = self.index.async_plan
        for argument in call.args:
            if isinstance(argument.value, cst.Name) and plan.bridges(
                self.relpath, line, written, argument.value.value
            ):
                return argument.value.value
        return None


def _run_sync(call: cst.Call, session: str) -> cst.Call:
    run_sync = cst.Attribute(cst.Name(session), cst.Name("run_sync"))
    first, *rest = call.args
    if (
        first.keyword is None
        and m.matches(first.value, m.Name(session))
        and not any(a.keyword is not None and a.keyword.value == "fn" for a in rest)
    ):
        # the session is the first positional argument: run_sync passes it there itself
        helper = cst.Arg(call.func, comma=first.comma if rest else cst.MaybeSentinel.DEFAULT)
        return cst.Call(run_sync, [helper, *rest], lpar=call.lpar, rpar=call.rpar)
    parameter = _parameter_name(session, call)
    inner = call.with_changes(
        lpar=(), rpar=(), args=_replaced(call.args, session, cst.Name(parameter))
    )
    lambda_ = cst.Lambda(cst.Parameters([cst.Param(cst.Name(parameter))]), inner)
    return cst.Call(run_sync, [cst.Arg(lambda_)], lpar=call.lpar, rpar=call.rpar)


def _replaced(arguments: Sequence[cst.Arg], session: str, by: cst.Name) -> list[cst.Arg]:
    return [
        a.with_changes(value=by) if m.matches(a.value, m.Name(session)) else a for a in arguments
    ]


def _parameter_name(session: str, call: cst.Call) -> str:
    """`sync_db`, unless the call already uses that name."""
    used = {n.value for n in m.findall(call, m.Name()) if isinstance(n, cst.Name)}
    name = f"sync_{session}"
    while name in used:
        name += "_"
    return name
