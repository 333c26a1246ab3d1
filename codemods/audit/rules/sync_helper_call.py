"""SQA006 sync-helper-call: a sync function doing DB I/O called from async code.

A coroutine that calls a sync function doing database I/O blocks the event loop for the
whole query: every other request on the worker waits.

    async def dashboard(db: AsyncSession = Depends(get_async_db)):
        stats = crud.get_stats(sync_db)                       # SQA006: a sync query
        stats = await crud.get_stats(db)                      # once `get_stats` is async

`migrate` makes the helper a coroutine and awaits the call (fixable)
unless the plan keeps the helper sync; then hand it the session through
`await db.run_sync(helper, ...)`, or run it with `run_in_threadpool`. Calls already made
through `run_in_threadpool` are not reported.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from functools import cached_property
from typing import ClassVar

import libcst as cst
from libcst.metadata import PositionProvider, ProviderT

from codemods.audit.rules.base import Rule
from codemods.callgraph import CallSite, FunctionFacts
from codemods.index import ProjectIndex
from codemods.settings import Settings


class SyncHelperCall(Rule):
    CODE = "SQA006"
    # it finds the index's calls by their position
    METADATA_DEPENDENCIES: ClassVar[Collection[ProviderT]] = (PositionProvider,)

    @classmethod
    def wanted(cls, source: str, settings: Settings, index: ProjectIndex) -> bool:
        return bool(index.db_io_functions) and "async def" in source

    @classmethod
    def applies(cls, source: str, relpath: str, settings: Settings, index: ProjectIndex) -> bool:
        # the calls it reports are the index's, made by coroutines of this file
        return cls.wanted(source, settings, index) and relpath in index.files_with_coroutines

    @cached_property
    def _blocking_calls(self) -> dict[tuple[int, int], tuple[str, CallSite]]:
        """(line, column) -> (caller, call) of each blocking call in this file."""
        found = {}
        io = self.index.db_io_functions
        for function in self._functions_here():
            if not function.is_async:
                continue
            for call in function.calls:
                if call.where in ("fixture", "override") or call.through_threadpool:
                    continue
                if call.callee in io and not call.awaited:
                    found[(call.line, call.column)] = (function.name, call)
        return found

    def _functions_here(self) -> Sequence[FunctionFacts]:
        """This file's functions as the audited text has them: the index's, unless the
        text is a migration's output (calls moved, converted functions coroutines)."""
        if self.rewritten is None:
            return [f for f in self.index.functions if f.relpath == self.relpath]
        return self.index.functions_in(self.relpath, self.rewritten)

    def visit_Call(self, node: cst.Call) -> None:
        if not self._blocking_calls:
            return
        start = self.get_metadata(PositionProvider, node).start
        hit = self._blocking_calls.get((start.line, start.column))
        if hit is None:
            return
        caller, call = hit
        callee = call.callee.rsplit(".", 1)[-1]
        reason = self.index.async_plan.kept_sync.get(call.callee)
        message = f"`{callee}()` does DB I/O in a sync function: it blocks the event loop here"
        if reason:
            message += f" (stays sync: {reason}; call it through `run_sync`)"
        self.report(node, message, fixable=reason is None, function=caller, detail=reason or "")
