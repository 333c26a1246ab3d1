"""Where an AsyncSession coroutine is called without `await`, and whether one can be added.

Shared by the transform that adds the awaits and the audit rule that reports the ones
it cannot add, so both always agree on what is fixable.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst
from libcst.helpers import get_full_name_for_node

from codemods.session_api import ASYNC_PAGINATORS, COROUTINE_METHODS, SESSION_PAGINATORS
from codemods.sessions import SessionCall, SessionTracker

PAGINATORS = SESSION_PAGINATORS | ASYNC_PAGINATORS
PAGINATOR_NAMES = frozenset(name.rsplit(".", 1)[-1] for name in PAGINATORS)

# The tool's own helpers whose arguments are values, never coroutines to run: what is
# handed to them must be awaited first (`load_for_response(db, Model, await db.get(...))`).
VALUE_TAKERS = frozenset({"load_for_response"})
# Callables that take a coroutine and run it (asyncio, anyio, trio-style task APIs).
COROUTINE_CONSUMERS = frozenset(
    {
        "gather",
        "create_task",
        "ensure_future",
        "wait_for",
        "shield",
        "run",
        "run_until_complete",
        "run_coroutine_threadsafe",
        "wait",
        "as_completed",
    }
)


@dataclass(frozen=True)
class UnawaitedCall:
    call: SessionCall
    fixable: bool  # an `await` can be written where the call is now
    reason: str
    # In a `def` the async plan turns into a coroutine: `migrate` awaits it there.
    planned: bool = False


class AwaitTracker(SessionTracker):
    """Mixin: knows which calls are already awaited or handed to someone else."""

    def setup_tracking(self) -> None:
        super().setup_tracking()
        self._awaited: set[cst.CSTNode] = set()
        self._handed_over: set[cst.CSTNode] = set()
        self._consumed: set[cst.CSTNode] = set()

    def visit_Await(self, node: cst.Await) -> None:
        self._awaited.add(node.expression)

    def visit_Call(self, node: cst.Call) -> None:
        # `asyncio.gather(db.commit())` awaits the coroutine itself. Any other callee
        # might too, so a coroutine passed to it is reported, never awaited by guess.
        consumer = (get_full_name_for_node(node.func) or "").rsplit(".", 1)[-1]
        if consumer in VALUE_TAKERS:
            return
        target = self._consumed if consumer in COROUTINE_CONSUMERS else self._handed_over
        target.update(arg.value for arg in node.args)

    def unawaited_session_io(self, original: cst.Call) -> UnawaitedCall | None:
        """The un-awaited AsyncSession coroutine call `original` is, if it is one."""
        call = self.session_call(original) or self._pagination(original)
        if call is None or call.kind != "async" or call.method not in COROUTINE_METHODS:
            return None
        if original in self._awaited or original in self._consumed:
            return None
        if original in self._handed_over and not self._converted(call):
            return UnawaitedCall(call, False, "the coroutine is passed to a call that may await it")
        if not self.await_allowed():
            if self._becomes_async():
                return UnawaitedCall(call, False, "the function becomes a coroutine", planned=True)
            return UnawaitedCall(call, False, "not directly inside an `async def`")
        return UnawaitedCall(call, True, "")

    def _converted(self, call: SessionCall) -> bool:
        """A session this run turns into AsyncSession: in the original its call returned a
        value, which `str(db.get(User, 1))` hands on; awaited in place, it still does."""
        return bool(self._planned_sessions) and call.session in self._planned_sessions[-1]

    def _becomes_async(self) -> bool:
        """Directly in the body of a `def` the async plan turns into a coroutine."""
        if not (self.functions and self._frames and self._frames[-1].kind == "function"):
            return False
        return self.functions[-1] in self.index.async_plan.becomes_async

    def _pagination(self, original: cst.Call) -> SessionCall | None:
        """`apaginate(db, stmt)` of fastapi-pagination, a coroutine; so is `paginate(db,
        stmt)` on an AsyncSession in its older releases (and an error in newer ones)."""
        first = original.args[0] if original.args else None
        if first is None or first.keyword is not None or not isinstance(first.value, cst.Name):
            return None
        short = get_full_name_for_node(original.func) or ""
        if short.rsplit(".", 1)[-1] not in PAGINATOR_NAMES:
            return None  # most calls: no qualified names needed
        if not self.qualified_names(original.func) & PAGINATORS:
            return None
        kind = self.session_kind(first.value)
        return SessionCall(first.value.value, "execute", kind) if kind is not None else None
