"""Calls that hand a session to a helper that stays sync, and whether `run_sync` can bridge them.

    export.to_csv(db, path)  ->  await db.run_sync(export.to_csv, path)
    audit.record(user, db)   ->  await db.run_sync(lambda sync_db: audit.record(user, sync_db))

A helper stays sync when it lies outside the project (a library written for `Session`)
or matches `keep-sync` in `[tool.sqla-async]`. `AsyncSession.run_sync()` calls it in
SQLAlchemy's greenlet with the sync `Session` the AsyncSession wraps: the same
connection and transaction, and its I/O (lazy loads included) works as before.

A call is bridged only where the rewrite is exact:
- it is a statement or expression of the function's own body (a lambda or a generator
  cannot hold the `await`), and nothing awaits it already (a helper that is awaited is
  not a sync one);
- the session is handed exactly once, as a plain argument, and there is no `*args` or
  `**kwargs` that could hold it again;
- the helper is not a class (a capitalised name): an object built around the session
  would use it later, outside the greenlet;
- when the session is not the first positional argument, the call moves into a lambda
  and its other arguments are evaluated there: they may not call anything (a call could
  become a coroutine the lambda cannot await) nor mention the session.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

# Nodes an argument evaluated inside the `run_sync` lambda may not contain.
_MOVING = (ast.Call, ast.Await, ast.Yield, ast.YieldFrom, ast.NamedExpr, ast.Lambda)


@dataclass(frozen=True)
class Bridge:
    """A call handing one of a function's sessions to a sync helper."""

    written: str  # the callee as written (`audit.record`): how the transform finds it
    line: int
    session: str


def bridge_problem(call: ast.Call, session: str, where: str, awaited: bool) -> str | None:
    """Why `call`, which hands `session` to a sync helper, cannot become `run_sync`."""
    if awaited:
        return "and awaits the call, so it is no sync helper"
    if where != "body":
        return f"inside a {where}, which cannot await `run_sync`"
    if any(isinstance(a, ast.Starred) for a in call.args) or any(
        k.arg is None for k in call.keywords
    ):
        return "with `*args` or `**kwargs`, which `run_sync` cannot be shown to pass it in"
    arguments = [*call.args, *(k.value for k in call.keywords)]
    handed = [a for a in arguments if isinstance(a, ast.Name) and a.id == session]
    mentions = [
        n for a in arguments for n in ast.walk(a) if isinstance(n, ast.Name) and n.id == session
    ]
    if len(handed) != 1 or len(mentions) != 1:
        return "more than once, or inside another argument"
    short = _callee_short_name(call.func)
    if short[:1].isupper():
        return f"a class that may keep it and use it later, outside `{session}.run_sync()`"
    if _first_argument_form(call, session):
        return None
    others = [a for a in arguments if a is not handed[0]]
    if any(isinstance(n, _MOVING) for a in others for n in ast.walk(a)):
        return "with arguments that call something, which `run_sync`'s lambda would move"
    return None


def _first_argument_form(call: ast.Call, session: str) -> bool:
    """`helper(db, ...)`: `run_sync(helper, ...)` passes the session first itself (unless
    a keyword named `fn` would collide with `run_sync`'s own parameter)."""
    first = call.args[0] if call.args else None
    return (
        isinstance(first, ast.Name)
        and first.id == session
        and all(k.arg != "fn" for k in call.keywords)
    )


def _callee_short_name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""
