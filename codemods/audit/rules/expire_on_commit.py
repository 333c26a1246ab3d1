"""SQA008 expire-on-commit: an async session factory without `expire_on_commit=False`.

    AsyncSessionLocal = async_sessionmaker(engine)                          # SQA008
    AsyncSessionLocal = async_sessionmaker(engine, expire_on_commit=False)  # fine

By default `commit()` expires every loaded attribute, and the next read of one refreshes
it with implicit I/O. A sync Session does that quietly; under asyncio the refresh cannot
run, and reading `user.name` after `await session.commit()` raises MissingGreenlet.
Found: `async_sessionmaker(...)`, `sessionmaker(..., class_=AsyncSession)` (SQLAlchemy's
or SQLModel's AsyncSession) and `AsyncSession(...)` itself. Pass `expire_on_commit=False`
and `refresh()` what must be reloaded. `migrate` sets it on the factories it writes; it
leaves the project's own to the project.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import ClassVar, Literal

import libcst as cst
import libcst.matchers as m
from libcst.metadata import ProviderT, ScopeProvider

from codemods.audit.rules.base import Rule
from codemods.index import ProjectIndex
from codemods.settings import Settings

ASYNC_SESSIONMAKERS = frozenset(
    {
        "sqlalchemy.ext.asyncio.async_sessionmaker",
        "sqlalchemy.ext.asyncio.session.async_sessionmaker",
    }
)
SYNC_SESSIONMAKERS = frozenset(
    {"sqlalchemy.orm.sessionmaker", "sqlalchemy.orm.session.sessionmaker"}
)
# What a file must mention for a factory to be found in it, short of a project re-export.
# `async_sessionmaker`, `sessionmaker` with `AsyncSession`, or `AsyncSession` called (a file
# that only annotates with it, as every migrated one does, holds no factory).
CALLED = re.compile(r"\bAsyncSession\s*\(")
WHY = (
    "after `commit()` every loaded attribute expires and the next read refreshes it with "
    "implicit I/O, which raises MissingGreenlet under asyncio; pass `expire_on_commit=False`"
)

Expiry = Literal["expires", "kept", "unknown"]


class ExpireOnCommit(Rule):
    CODE = "SQA008"
    METADATA_DEPENDENCIES: ClassVar[Collection[ProviderT]] = (ScopeProvider,)

    @classmethod
    def wanted(cls, source: str, settings: Settings, index: ProjectIndex) -> bool:
        return (
            "async_sessionmaker" in source
            or CALLED.search(source) is not None
            or ("sessionmaker" in source and "AsyncSession" in source)  # as `class_=`
            or any(name in source for name in _renamed_in_project(settings, index))
        )

    def setup_tracking(self) -> None:
        super().setup_tracking()
        self._assigned: dict[cst.CSTNode, str] = {}  # a call -> the name it is assigned to

    def visit_Assign(self, node: cst.Assign) -> None:
        if len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
            self._assigned[node.value] = node.targets[0].target.value

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None and isinstance(node.target, cst.Name):
            self._assigned[node.value] = node.target.value

    def visit_Call(self, node: cst.Call) -> None:
        factory = self._async_factory(node)
        if factory is None or _expiry(node) != "expires":
            return
        name = self._assigned.get(node)
        label = f"`{name}` (`{factory}`)" if name else f"`{factory}`"
        self.report(node, f"{label} expires loaded objects on commit: {WHY}", fixable=False)

    def _async_factory(self, call: cst.Call) -> str | None:
        """How the call makes async sessions, as the message names it; None if it does not."""
        func = call.func.value if isinstance(call.func, cst.Subscript) else call.func
        names = self.canonical_names(
            func
        )  # `async_sessionmaker[AsyncSession](...)` unwrapped above
        if names & ASYNC_SESSIONMAKERS:
            return "async_sessionmaker(...)"
        if names & SYNC_SESSIONMAKERS and self._makes_async_sessions(call):
            return "sessionmaker(..., class_=AsyncSession)"
        if self._is_async_session(names):
            return "AsyncSession(...)"
        return None

    def _makes_async_sessions(self, call: cst.Call) -> bool:
        return any(
            m.matches(arg, m.Arg(keyword=m.Name("class_")))
            and self._is_async_session(self.canonical_names(arg.value))
            for arg in call.args
        )

    def _is_async_session(self, names: set[str]) -> bool:
        return any(self.settings.session_kind_of_type(name) == "async" for name in names)


def _expiry(call: cst.Call) -> Expiry:
    """Whether sessions from the call expire on commit, as far as the call shows."""
    for arg in call.args:
        if m.matches(arg, m.Arg(keyword=m.Name("expire_on_commit"))):
            if m.matches(arg.value, m.Name("False")):
                return "kept"
            # A variable or an expression may well be False: nothing proves it wrong.
            return "expires" if m.matches(arg.value, m.Name("True")) else "unknown"
    # `**options` may carry expire_on_commit=False: nothing proves it wrong either.
    return "unknown" if any(arg.star == "**" for arg in call.args) else "expires"


def _renamed_in_project(settings: Settings, index: ProjectIndex) -> set[str]:
    """Names a project module re-exports a factory maker or AsyncSession under, which a
    file importing them may mention instead (one renaming deep)."""
    return {
        local.rsplit(".", 1)[-1]
        for local, target in index.symbols.aliases.items()
        if target in ASYNC_SESSIONMAKERS or settings.session_kind_of_type(target) == "async"
    }
