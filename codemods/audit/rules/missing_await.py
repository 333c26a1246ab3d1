"""SQA004 missing-await: an AsyncSession coroutine method called without `await`.

Under asyncio the call only creates a coroutine: nothing is committed, refreshed or
executed, and Python warns "coroutine ... was never awaited" at garbage collection.
`migrate` adds the `await` wherever the call sits directly in an `async def`.
"""

from __future__ import annotations

import libcst as cst

from codemods.audit.rules.base import Rule
from codemods.awaits import AwaitTracker
from codemods.index import ProjectIndex
from codemods.settings import Settings
from codemods.transforms.await_session_io import async_sessions_possible


class MissingAwait(AwaitTracker, Rule):
    CODE = "SQA004"

    @classmethod
    def applies(cls, source: str, relpath: str, settings: Settings, index: ProjectIndex) -> bool:
        return async_sessions_possible(source, relpath, settings, index)

    def leave_Call(self, original_node: cst.Call) -> None:
        site = self.unawaited_session_io(original_node)
        if site is None:
            return
        message = f"`{site.call.session}.{site.call.method}()` is a coroutine and is not awaited"
        if site.reason:
            message += f" ({site.reason})"
        self.report(original_node, message, fixable=site.fixable or site.planned)
