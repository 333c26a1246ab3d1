"""What the async plan means for the people running the tool.

- what a targeted run leaves to other files: a caller there of a function this run made a
  coroutine still calls it without `await`; a function there that this run's files now
  await is still a plain `def`;
- the deepest chain of calls that became async, from a function nothing in the set calls
  (a path operation, usually) down to one that does the session I/O.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from codemods.async_plan import AsyncPlan
from codemods.callgraph import FunctionFacts


@dataclass(frozen=True)
class PendingAwait:
    """Something a file this run did not migrate needs for the files it did to work."""

    relpath: str
    line: int
    column: int  # 1-based, as editors and ruff count
    callee: str
    kind: str = "await"  # "await": a call to await; "coroutine": a `def` to make async

    def render(self) -> str:
        where = f"{self.relpath}:{self.line}:{self.column}"
        if self.kind == "coroutine":
            return f"{where}: `{self.callee}` must become `async def` (awaited now)"
        return f"{where}: now needs `await {self.callee}(...)`"


def pending_awaits(
    functions: Collection[FunctionFacts], plan: AsyncPlan, migrated: Collection[str]
) -> list[PendingAwait]:
    by_name = {f.name: f for f in functions}
    found = []
    for caller in functions:
        for call in caller.calls:
            callee = by_name.get(call.callee)
            if callee is None or call.awaited or call.callee not in plan.becomes_async:
                continue
            if caller.relpath not in migrated and callee.relpath in migrated:
                found.append(PendingAwait(caller.relpath, call.line, call.column + 1, callee.name))
            elif caller.relpath in migrated and callee.relpath not in migrated:
                found.append(PendingAwait(callee.relpath, callee.line, 1, callee.name, "coroutine"))
    return sorted(set(found), key=lambda p: (p.relpath, p.line, p.column, p.kind))


def deepest_chain(functions: Collection[FunctionFacts], plan: AsyncPlan) -> list[str]:
    """The longest path of calls between functions that became coroutines."""
    members = set(plan.becomes_async) | set(plan.async_sessions)
    callees: dict[str, list[str]] = {}
    for function in functions:
        if function.name in members:
            called = {c.callee for c in function.calls if c.where not in ("fixture", "override")}
            callees[function.name] = sorted(called & members)
    memo: dict[str, list[str]] = {}
    for name in sorted(callees):
        _longest(name, callees, memo, set())
    return max(memo.values(), key=len, default=[])


def _longest(
    name: str, callees: Mapping[str, list[str]], memo: dict[str, list[str]], path: set[str]
) -> list[str]:
    if name in memo:
        return memo[name]
    path.add(name)
    below = [_longest(c, callees, memo, path) for c in callees.get(name, []) if c not in path]
    path.discard(name)
    memo[name] = [name, *max(below, key=len, default=[])]
    return memo[name]
