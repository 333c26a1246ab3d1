"""Call a function that became a coroutine directly instead of in a worker thread.

    await run_in_threadpool(crud.get_user, db, user_id)  ->  await crud.get_user(db, user_id)

`run_in_threadpool` (Starlette's, re-exported by FastAPI) ran a sync function off the
event loop; once the function is a coroutine it must be awaited on the loop, with its
session. The calls are those the index read as calls of the function (`callgraph.py`),
found by position; one the call is not awaited around stays a coroutine handed on, as
the original handed on an awaitable.
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata import PositionProvider

from codemods.index import ProjectIndex
from codemods.settings import Settings
from codemods.transforms.base import Transform


class UnwrapThreadpoolCalls(Transform):
    DESCRIPTION = "run_in_threadpool(f, ...) -> f(...) where f became a coroutine"
    METADATA_DEPENDENCIES = (PositionProvider,)

    @classmethod
    def wanted(cls, source: str, settings: Settings, index: ProjectIndex) -> bool:
        return bool(index.async_plan.unwrapped_calls) and "run_in_threadpool" in source

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        start = self.get_metadata(PositionProvider, original_node.func).start
        if not self.index.async_plan.unwraps(self.relpath, start.line, start.column):
            return updated_node
        function, *arguments = updated_node.args
        if arguments:
            arguments[-1] = arguments[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        self.rewrites += 1
        for module in ("fastapi.concurrency", "starlette.concurrency"):
            self.remove_unused_import(module, "run_in_threadpool")  # kept if still used
        return updated_node.with_changes(func=function.value, args=arguments)
