"""SQA003 sync-session-factory: a sync session opened by hand outside the session module.

    db = SessionLocal()                           # SQA003
    with SessionLocal() as db: ...                # SQA003
    db = next(get_db())                           # SQA003
    db = Session(engine)                          # SQA003
    async with AsyncSessionLocal() as db: ...     # instead
    db = await anext(get_async_db())              # instead

A sync session does its I/O on the thread that calls it: opened in a coroutine (a
websocket handler, a background task) every query blocks the event loop. Found: a call of
a sync session factory of the project (`SessionLocal = sessionmaker(...)`, also
`scoped_session`, under any import name or re-export) outside the module that defines it,
`next(get_db())` (a sync provider of `dependencies` called by hand) anywhere, and
`Session(...)` (SQLAlchemy's, SQLModel's, or `session-types`) constructed directly
outside a session module. To keep it simple, a session module there is any module that
defines a sync sessionmaker or engine at its top level (`create_engine(...)`): the stack
itself opens sessions, and only there; so does a sync provider with an async twin
(`get_db` beside `get_async_db`) wherever it is defined.

Fix: `migrate` opens the async twin instead (`async with
AsyncSessionLocal() as db:`, `await anext(get_async_db())`) in functions its async plan
turns into coroutines, when the factory or provider has an async twin in its module (the
project's, or the one `migrate` writes beside a sessionmaker bound to an engine it can
see); the finding says so (fixable) or says why not. A `Session(...)` construction has no
twin: open an `AsyncSession` on an async engine by hand.

Only with `target = "async"`; code under `if TYPE_CHECKING:` never runs and is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import libcst as cst
from libcst.helpers import get_full_name_for_node

from codemods.audit.rules.sync_session_dependency import (
    SyncSessionRule,
    beside,
)
from codemods.index import SESSION_FACTORY_MAKERS

ENGINE_MAKERS = frozenset(
    {
        "sqlalchemy.create_engine",
        "sqlalchemy.engine.create_engine",
        "sqlalchemy.engine.create.create_engine",
        "sqlalchemy.engine_from_config",
        "sqlalchemy.engine.engine_from_config",
        "sqlmodel.create_engine",
    }
)
SYNC_FACTORY_MAKERS = frozenset(n for n, kind in SESSION_FACTORY_MAKERS.items() if kind == "sync")
STEPPERS = frozenset({"builtins.next"})
_CODE = cst.Module([])

FrameKind = Literal["function", "lambda", "class"]


@dataclass(frozen=True)
class Frame:
    """A scope the traversal is in, as far as opening an async session there goes."""

    kind: FrameKind
    names: frozenset[str] = frozenset()  # a function's qualified names


@dataclass(frozen=True)
class Opening:
    """A sync session opened by hand: what to say, and what its async twin would be."""

    message: str
    opener: str  # the factory or provider, qualified; "" for `Session(...)`
    twin: str | None  # its async twin, qualified, when it has one


class SyncSessionFactory(SyncSessionRule):
    CODE = "SQA003"

    def setup_tracking(self) -> None:
        super().setup_tracking()
        self._frames: list[Frame] = []
        self._module = self.index.module_name_of(self.relpath)
        self._session_module = False  # defines a sync sessionmaker or engine at top level

    def visit_Module(self, node: cst.Module) -> None:
        made = {
            name
            for statement in node.body
            if isinstance(statement, cst.SimpleStatementLine)
            for small in statement.body
            if isinstance(small, cst.Assign | cst.AnnAssign) and isinstance(small.value, cst.Call)
            for name in self.canonical_names(small.value.func)
        }
        self._session_module = bool(made & (ENGINE_MAKERS | SYNC_FACTORY_MAKERS))

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._frames.append(Frame("function", frozenset(self.qualified_names(node.name))))

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._frames.pop()

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self._frames.append(Frame("lambda"))

    def leave_Lambda(self, original_node: cst.Lambda) -> None:
        self._frames.pop()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._frames.append(Frame("class"))

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._frames.pop()

    def visit_Call(self, node: cst.Call) -> None:
        if not self.runs():
            return
        opening = self._stepped(node) or self._factory_call(node) or self._construction(node)
        if opening is None:
            return
        detail = self._obstacle(opening)
        message = opening.message + (f" ({detail})" if detail else "")
        functions = [f for f in self._frames if f.kind == "function"]
        function = min(functions[-1].names, default="") if functions else ""
        self.report(node, message, fixable=not detail, function=function, detail=detail)

    # -- what is opened ------------------------------------------------------------

    def _factory_call(self, call: cst.Call) -> Opening | None:
        """`SessionLocal()`, outside the module that defines `SessionLocal`."""
        factories = self.index.session_factories
        names = sorted(n for n in self.canonical_names(call.func) if factories.get(n) == "sync")
        if not names or names[0].rpartition(".")[0] == self._module or self._in_twinned_provider():
            return None
        written = _CODE.code_for_node(call.func)
        twin = self.index.session_twins.get(names[0])
        short = _short(twin) if twin else self.settings.async_factory_name(_short(names[0]))
        instead = beside(written, short)
        message = (
            f"`{written}()` opens a sync session outside its session module: "
            f"use `async with {instead}() as session:`"
        )
        return Opening(message, names[0], twin)

    def _in_twinned_provider(self) -> bool:
        """Directly in a sync provider with an async twin (`get_db` beside `get_async_db`,
        the project's or the one `migrate` writes): part of the stack wherever it lives
        (the FastAPI tutorial keeps it in `main.py`); coroutines use the twin."""
        functions = [f for f in self._frames if f.kind == "function"]
        return bool(functions) and bool(functions[-1].names & self.index.session_twins.keys())

    def _stepped(self, call: cst.Call) -> Opening | None:
        """`next(get_db())`: a sync provider called by hand."""
        if not (call.args and isinstance(provider := call.args[0].value, cst.Call)):
            return None
        if not self.canonical_names(call.func) & STEPPERS:
            return None
        written = get_full_name_for_node(provider.func)
        if written is None:
            return None
        names = sorted(self.canonical_names(provider.func))
        shorts = [_short(n) for n in [written, *names]]
        sync = [s for s in shorts if self.settings.provider_kind(s) == "sync"]
        if not sync:
            return None
        twins = [self.index.session_twins[n] for n in names if n in self.index.session_twins]
        short = _short(twins[0]) if twins else dict(self.settings.dependencies)[sync[0]]
        instead = beside(written, short)
        message = (
            f"`next({written}())` runs the sync dependency `{written}` by hand: "
            f"use `await anext({instead}())`"
        )
        return Opening(message, names[0] if names else written, twins[0] if twins else None)

    def _construction(self, call: cst.Call) -> Opening | None:
        """`Session(engine)` outside a session module."""
        if self._session_module:
            return None
        names = self.canonical_names(call.func)
        if not any(self.settings.session_kind_of_type(name) == "sync" for name in names):
            return None
        written = _CODE.code_for_node(call.func)
        message = (
            f"`{written}(...)` constructs a sync session outside a session module: "
            "open an `AsyncSession` on an async engine"
        )
        return Opening(message, "", None)

    # -- whether `migrate` opens the async twin instead -----------------------------

    def _obstacle(self, opening: Opening) -> str:
        """Why `migrate` leaves the call as it is; "" when it opens the async twin."""
        if not opening.opener:
            return "`migrate` does not rewrite a `Session(...)` construction"
        if opening.twin is None:
            return f"`{_short(opening.opener)}` has no async twin `migrate` can open instead"
        frame = self._frames[-1] if self._frames else None
        if frame is None:
            return "module-level code cannot await"
        if frame.kind != "function":
            return f"inside a {frame.kind}, which cannot await"
        plan = self.index.async_plan
        if frame.names & (plan.becomes_async | set(plan.async_sessions)):
            return ""
        kept = [plan.kept_sync[name] for name in sorted(frame.names) if name in plan.kept_sync]
        function = min(frame.names, default="the function")
        return kept[0] if kept else f"the async plan does not make `{function}` a coroutine"


def _short(name: str) -> str:
    return name.rsplit(".", 1)[-1]
