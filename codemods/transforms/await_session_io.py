"""Await the coroutine methods of an AsyncSession.

    async def save(db: AsyncSession, user: User) -> User:
        db.add(user)
        db.commit()                          ->  await db.commit()
        db.refresh(user)                     ->  await db.refresh(user)
        return db.execute(q).scalars()       ->  return (await db.execute(q)).scalars()

Only inside an `async def` body (not in a lambda or a generator expression, where an
`await` is a syntax error or makes an async generator). A coroutine handed to asyncio
(`gather`, `create_task`, ...) is awaited there and left alone; one passed to any other
call may be awaited by it, so it is left as it is and reported by the audit (SQA004).
A coroutine returned from an `async def` is awaited: returning it un-awaited would make
every caller write `await await f()`.

It decides each call with the code SQA004 (missing-await) decides it with: when it
awaited every un-awaited call it met, its output leaves SQA004 nothing to report.
"""

from __future__ import annotations

import libcst as cst

from codemods.awaits import AwaitTracker
from codemods.index import ProjectIndex
from codemods.nodes import AwaitParentheses, awaited, parenthesize_awaited_part
from codemods.settings import Settings
from codemods.transforms.base import Transform


class AwaitSessionIO(AwaitTracker, AwaitParentheses, Transform):
    DESCRIPTION = "await AsyncSession coroutine methods (commit, execute, refresh, ...)"
    SETTLES = frozenset({"SQA004"})
    # `make_async` changes what this reads (a `def` becomes `async def`, a session an
    # AsyncSession), all by the async plan, which the session tracking reads too.
    FUSES_AFTER = frozenset({"make_async"})

    def read_ahead(self) -> None:
        self.reads_planned_as_async = True

    @classmethod
    def applies(cls, source: str, relpath: str, settings: Settings, index: ProjectIndex) -> bool:
        return async_sessions_possible(source, relpath, settings, index)

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        updated_node = parenthesize_awaited_part(updated_node)
        site = self.unawaited_session_io(original_node)
        if site is None:
            return updated_node
        if not site.fixable:
            self.left_unfixed += 1  # for the audit of the output to report
            return updated_node
        self.rewrites += 1
        return awaited(updated_node)


def async_sessions_possible(
    source: str, relpath: str, settings: Settings, index: ProjectIndex
) -> bool:
    """False only when no async session can be recognised anywhere in `source`."""
    if relpath in index.planned_files:  # sessions this run turns into AsyncSession
        return True
    stack = index.async_stack  # `get_async_db` written beside `get_db` opens one
    if stack and any(name in source for name in stack.names()):
        return True
    markers = settings.async_names()
    for names in (index.session_aliases, index.session_factories):
        markers.update(name.rsplit(".", 1)[-1] for name, kind in names.items() if kind == "async")
    return any(marker in source for marker in markers)
