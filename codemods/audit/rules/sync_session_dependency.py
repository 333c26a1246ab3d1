"""SQA002 sync-session-dependency: a parameter that receives a sync `Session`.

    def read(db: Session = Depends(get_db)): ...                  # SQA002
    async def read(db: AsyncSession = Depends(get_async_db)): ...  # instead

    SessionDep = Annotated[Session, Depends(get_db)]              # SQA002, and each
    def read(db: SessionDep): ...                                 # SQA002 user of it
    SessionDep = Annotated[AsyncSession, Depends(get_async_db)]   # instead

A sync Session does its I/O on the thread that calls it: inside a coroutine every query
blocks the event loop, and FastAPI runs a sync dependency (`get_db`) in its threadpool,
so the request holds a pooled thread and a connection for its whole life. Found on the
parameters of every function: an annotation with a sync session type (`Session` of
SQLAlchemy or SQLModel, or `session-types`, under any import name, also as the first
argument of `Annotated[...]`), a `Depends(get_db)` default or `Annotated` metadata (the
sync providers are the left-hand side of `dependencies`), or a project alias of a sync
session (`db: SessionDep`). The alias definition is reported too, once: rewriting it
where it is defined is how its users change. A parameter is reported once, at its
annotation when that is sync, else at its default.

Fix: `migrate` rewrites the parameters of the functions its async plan
turns into coroutines (`Session` -> `AsyncSession`, `get_db` -> `get_async_db`) and the
aliases all of whose users it converts; the finding says so (fixable) or says why the
plan keeps the function sync. By hand: remove that reason, or keep the function sync and
have its async callers hand it their session with `await session.run_sync(...)`.

Only with `target = "async"`: on the sync-2.0 target a sync Session is where the
migration ends. Code under `if TYPE_CHECKING:` never runs, and is not reported; nor are
unannotated parameters only named like a session (`db`), or `Optional[Session]`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import ProviderT, ScopeProvider

from codemods.audit.rules.base import Rule
from codemods.index import ProjectIndex
from codemods.session_api import ANNOTATED_NAMES, DEPENDS_NAMES
from codemods.sessions import all_parameters
from codemods.settings import Settings

TYPE_CHECKING_NAMES = frozenset({"typing.TYPE_CHECKING", "typing_extensions.TYPE_CHECKING"})
_CODE = cst.Module([])


# The markers of the last (settings, index) asked about: every file of a run asks, with
# the same two objects, and following every import of a large project takes a while.
_last_markers: list[tuple[Settings, ProjectIndex, frozenset[str]]] = []


def sync_session_markers(settings: Settings, index: ProjectIndex) -> frozenset[str]:
    """Names a file mentions when it can hold a sync session type, alias, factory or
    provider: their own, and those a project module re-exports them under."""
    if _last_markers and _last_markers[0][0] is settings and _last_markers[0][1] is index:
        return _last_markers[0][2]
    markers = _markers(settings, index)
    _last_markers[:] = [(settings, index, markers)]
    return markers


def _markers(settings: Settings, index: ProjectIndex) -> frozenset[str]:
    sync = {
        name
        for names in (index.session_aliases, index.session_factories)
        for name, kind in names.items()
        if kind == "sync"
    }
    renamed = {
        local
        for local, target in index.symbols.aliases.items()
        if (canonical := index.symbols.canonical(target)) in sync
        or settings.session_kind_of_type(canonical) == "sync"
        or settings.provider_kind(canonical) == "sync"
    }
    named = {*sync, *renamed, *settings.session_types}
    providers = (provider for provider, _ in settings.dependencies)
    return frozenset({"Session", *providers, *(_short(name) for name in named)})


@lru_cache(maxsize=8)
def _mentioned(markers: frozenset[str]) -> re.Pattern[str]:
    """Any marker as a whole name: `Session`, but not the `AsyncSession` a migrated file
    mentions, nor `SessionLocal` within `AsyncSessionLocal`."""
    alternatives = "|".join(re.escape(marker) for marker in sorted(markers))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def _short(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def beside(written: str, short: str) -> str:
    """`short` reached the way `written` is: `database.SessionLocal` -> `database.<short>`."""
    module = written.rpartition(".")[0]
    return f"{module}.{short}" if module else short


@dataclass(frozen=True)
class Swap:
    """A sync part of an annotation or default, as written, and what to write instead."""

    written: str
    instead: str
    alias: str = ""  # the project alias `written` names, qualified; "" for other parts

    def advice(self) -> str:
        if self.alias:
            where = "where it is defined"
            return f"`{self.written}` is a sync session alias: make it `{self.instead}` {where}"
        return f"use `{self.instead}` instead of `{self.written}`"


def _advice(swaps: Sequence[Swap]) -> str:
    return ", ".join(swap.advice() for swap in swaps)


class RuntimeRule(Rule):
    """A rule that skips the code under `if TYPE_CHECKING:`, which never runs."""

    def setup_tracking(self) -> None:
        super().setup_tracking()
        self._type_checking = 0  # how many `if TYPE_CHECKING:` bodies the traversal is in

    def visit_If_body(self, node: cst.If) -> None:
        self._type_checking += bool(self.canonical_names(node.test) & TYPE_CHECKING_NAMES)

    def leave_If_body(self, node: cst.If) -> None:
        self._type_checking -= bool(self.canonical_names(node.test) & TYPE_CHECKING_NAMES)

    def runs(self) -> bool:
        return not self._type_checking


class SyncSessionRule(RuntimeRule):
    """A rule about sync sessions, judged for the async target only (on the sync 2.0
    target a sync Session is where the migration ends)."""

    METADATA_DEPENDENCIES: ClassVar[Collection[ProviderT]] = (ScopeProvider,)

    @classmethod
    def wanted(cls, source: str, settings: Settings, index: ProjectIndex) -> bool:
        if settings.target != "async":
            return False
        return _mentioned(sync_session_markers(settings, index)).search(source) is not None


class SyncSessionDependency(SyncSessionRule):
    CODE = "SQA002"

    def setup_tracking(self) -> None:
        super().setup_tracking()
        self._depth = 0  # functions and classes the traversal is in: 0 at module level

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._depth += 1

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._depth -= 1

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._depth += 1
        if not self.runs():
            return
        names = sorted(self.qualified_names(node.name))
        plan = self.index.async_plan
        # Already `async def` though planned to become one: this is `migrate` auditing its
        # own output, where the aliases it rewrites at their definition are async.
        migrated = node.asynchronous is not None and not plan.becomes_async.isdisjoint(names)
        rewritten = plan.async_aliases if migrated else frozenset()
        for param in all_parameters(node.params):
            self._check_parameter(param, names, rewritten)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._depth -= 1

    def visit_Assign(self, node: cst.Assign) -> None:
        if len(node.targets) == 1:
            self._check_alias(node.targets[0].target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._check_alias(node.target, node.value)

    # -- parameters ----------------------------------------------------------------

    def _check_parameter(
        self, param: cst.Param, functions: list[str], rewritten: frozenset[str]
    ) -> None:
        annotation = param.annotation.annotation if param.annotation else None
        typed = self._annotation_swaps(annotation) if annotation is not None else []
        typed = [swap for swap in typed if swap.alias not in rewritten]
        default = self._provider_swap(param.default) if param.default is not None else None
        swaps = [*typed, *([default] if default else [])]
        if not swaps:
            return
        at = annotation if typed and annotation is not None else param.default
        assert at is not None
        name = param.name.value
        detail = self._parameter_obstacle(name, functions, swaps)
        message = f"sync session parameter `{name}`: {_advice(swaps)}"
        message += f" ({detail})" if detail else ""
        function = functions[0] if functions else ""
        self.report(at, message, fixable=not detail, function=function, detail=detail)

    def _parameter_obstacle(self, param: str, functions: list[str], swaps: list[Swap]) -> str:
        """Why `migrate` leaves the parameter sync; "" when it rewrites it."""
        plan = self.index.async_plan
        stuck = sorted({swap.alias for swap in swaps if swap.alias} - plan.async_aliases)
        if stuck:
            return self._alias_obstacle(stuck[0])
        if all(swap.alias for swap in swaps):
            return ""
        if any(param in plan.async_sessions.get(name, ()) for name in functions):
            return ""
        kept = [plan.kept_sync[name] for name in functions if name in plan.kept_sync]
        return kept[0] if kept else self._unplanned(param, functions)

    def _unplanned(self, param: str, functions: list[str]) -> str:
        """Why a function the plan does not mention keeps its sync session parameter."""
        facts = [f for f in map(self.index.function, functions) if f is not None]
        if not facts:
            return f"the async plan does not convert `{functions[0] if functions else param}`"
        if facts[0].sessions.get(param) != "sync":
            return f"`migrate` does not take `{param}` of `{facts[0].name}` for a sync session"
        owner, _, method = facts[0].name.rpartition(".")
        if method == "__init__" and self.index.session_attributes.get(owner):
            return (
                f"`{owner.rsplit('.', 1)[-1]}` keeps the session on `self`: `migrate` does "
                "not convert classes that hold a session yet, and their methods stay sync"
            )
        return f"neither `{facts[0].name}` nor what it calls does session I/O"

    # -- aliases -------------------------------------------------------------------

    def _check_alias(
        self, target: cst.BaseAssignTargetExpression, value: cst.BaseExpression
    ) -> None:
        """`SessionDep = Annotated[Session, Depends(get_db)]` at module level."""
        if self._depth or not self.runs() or not isinstance(target, cst.Name):
            return
        if not isinstance(value, cst.Subscript) or not self._is_annotated(value):
            return
        swaps = self._annotation_swaps(value)
        if not swaps:
            return
        converted = self.qualified_names(target) & self.index.async_plan.async_aliases
        names = sorted(self.qualified_names(target))
        detail = "" if converted else self._alias_obstacle(names[0] if names else target.value)
        message = f"sync session alias `{target.value}`: {_advice(swaps)}"
        message += f" ({detail})" if detail else ""
        self.report(target, message, fixable=not detail, detail=detail)

    def _alias_obstacle(self, alias: str) -> str:
        kept = self.index.async_plan.kept_sync
        users = sorted(
            f.name for f in self.index.functions if alias in f.session_aliases and f.name in kept
        )
        if users:
            return f"used by `{users[0]}`, which stays sync: {kept[users[0]]}"
        return f"no function the async plan converts is annotated with `{_short(alias)}`"

    # -- recognition ---------------------------------------------------------------

    def _is_annotated(self, node: cst.Subscript) -> bool:
        return bool(self.canonical_names(node.value) & ANNOTATED_NAMES) and bool(node.slice)

    def _annotation_swaps(self, annotation: cst.BaseExpression) -> list[Swap]:
        """The sync parts of an annotation: the type, the providers in `Annotated`, an alias."""
        if isinstance(annotation, cst.Subscript):
            if not self._is_annotated(annotation):
                return []
            parts = [e.slice.value for e in annotation.slice if isinstance(e.slice, cst.Index)]
            if not parts:
                return []
            metadata = [self._provider_swap(part) for part in parts[1:]]
            return [*self._annotation_swaps(parts[0]), *(s for s in metadata if s)]
        names = self.canonical_names(annotation)
        written = _CODE.code_for_node(annotation)
        if any(self.settings.session_kind_of_type(name) == "sync" for name in names):
            return [Swap(written, "AsyncSession")]
        aliases = sorted(n for n in names if self.index.session_aliases.get(n) == "sync")
        if aliases:
            return [Swap(written, "Annotated[AsyncSession, ...]", aliases[0])]
        return []

    def _provider_swap(self, node: cst.BaseExpression) -> Swap | None:
        """`Depends(get_db)` -> `Depends(get_async_db)`, for a sync provider."""
        if not isinstance(node, cst.Call) or not node.args or node.args[0].keyword:
            return None
        if not self.canonical_names(node.func) & DEPENDS_NAMES:
            return None
        provider = node.args[0].value
        written = get_full_name_for_node(provider)
        if written is None:
            return None
        shorts = [_short(n) for n in [written, *sorted(self.canonical_names(provider))]]
        sync = [s for s in shorts if self.settings.provider_kind(s) == "sync"]
        if not sync:
            return None
        twin = dict(self.settings.dependencies)[sync[0]]
        swapped = cst.parse_expression(beside(written, twin))
        first = node.args[0].with_changes(value=swapped)
        instead = node.with_changes(args=[first, *node.args[1:]])
        return Swap(_CODE.code_for_node(node), _CODE.code_for_node(instead))
