"""Which names are SQLAlchemy sessions, and whether an `await` may be written where we are.

A mixin for LibCST visitors and transformers. It records the bindings that create a
sync or async session, and resolves every use of a name to its binding with LibCST's
`ScopeProvider` (so nested functions, comprehensions, `global` and shadowing behave as
Python does). A session binding is:

- a parameter annotated with a session type (`Session`, `sqlmodel.Session`,
  `AsyncSession`, under any import path or alias), also inside `Annotated[Session, ...]`,
  or with a project alias of such an `Annotated` (found by the index);
- a parameter defaulting to a `Depends(get_db)`-style provider named in the settings;
- an unannotated parameter of a sync `def` named like a session (`db`, `session`, ...);
- a local or global bound to a new session: `db = SessionLocal()` (any sessionmaker the
  index found, or a configured factory name), `db = Session(engine)`,
  `db = next(get_db())`, `with SessionLocal() as db`, `async with AsyncSessionLocal() as db`.

A name its scope binds more than once (`db = other` after the parameter) is not trusted.
It also keeps a stack of the function-like scopes the traversal is in, for `await`.
Only attribute-name hooks (`visit_FunctionDef_body`) are used, because those have the
same signature on visitors and transformers.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import ClassVar, Literal

import libcst as cst
import libcst.matchers as m
from libcst.helpers import get_full_name_for_node, get_full_name_for_node_or_raise
from libcst.metadata import (
    Assignment,
    ProviderT,
    ScopeProvider,
)

from codemods.index import ProjectIndex
from codemods.session_api import ANNOTATED_NAMES, DEPENDS_NAMES
from codemods.settings import SessionKind, Settings
from codemods.tracking import Tracking

FrameKind = Literal["function", "lambda", "generator", "class"]
# What a session is written as: a name, or `self.<attribute>`.
SESSION_EXPRESSION = m.Name() | m.Attribute(value=m.Name("self"), attr=m.Name())


@dataclass(frozen=True)
class Frame:
    """A scope on the way down, as far as `await` is concerned."""

    kind: FrameKind
    is_async: bool = False


@dataclass(frozen=True)
class SessionCall:
    """`<session>.<method>(...)` on a recognised session."""

    session: str
    method: str
    kind: SessionKind


def all_parameters(params: cst.Parameters) -> Iterator[cst.Param]:
    yield from params.posonly_params
    yield from params.params
    if isinstance(params.star_arg, cst.Param):
        yield params.star_arg
    yield from params.kwonly_params
    if params.star_kwarg is not None:
        yield params.star_kwarg


class SessionTracker(Tracking):
    """Mixin: tracks sessions in scope while a visitor or transformer walks a module."""

    METADATA_DEPENDENCIES: ClassVar[Collection[ProviderT]] = (ScopeProvider,)

    settings: Settings
    index: ProjectIndex

    def setup_tracking(self) -> None:
        super().setup_tracking()
        self._frames: list[Frame] = []
        self.classes: list[cst.ClassDef] = []  # the classes the traversal is inside
        self.functions: list[str] = []  # qualified names of the functions it is inside
        # Binding node (a Param, or the Name a session is assigned to) -> its kind.
        self._session_bindings: dict[cst.CSTNode, SessionKind] = {}
        # Per enclosing function: the sessions the async plan turns into AsyncSession.
        self._planned_sessions: list[frozenset[str]] = []
        self._outermost_iterables: set[cst.BaseExpression] = set()
        # Read a function the async plan converts as the coroutine it becomes: set for a
        # transform that shares `make_async`'s traversal (`fused.py`), which sees the
        # functions before their `async`.
        self.reads_planned_as_async = False

    # -- scope stack, for `await` -----------------------------------------------------

    def visit_FunctionDef_body(self, node: cst.FunctionDef) -> None:
        names = sorted(self.qualified_names(node.name))
        is_async = node.asynchronous is not None or (
            self.reads_planned_as_async
            and not self.index.async_plan.becomes_async.isdisjoint(names)
        )
        self._frames.append(Frame("function", is_async))
        # Sessions the async plan turns into AsyncSession, even before their annotation
        # says so (and unannotated ones, which only their name made sessions).
        planned: set[str] = set()
        self.functions.append(names[0] if names else "")
        for name in names:
            planned |= self.index.async_plan.async_sessions.get(name, frozenset())
        self._planned_sessions.append(frozenset(planned))
        for param in all_parameters(node.params):
            kind = "async" if param.name.value in planned else self._parameter_kind(param, is_async)
            if kind is not None:
                self._session_bindings[param] = kind

    def leave_FunctionDef_body(self, node: cst.FunctionDef) -> None:
        self._frames.pop()
        self.functions.pop()
        self._planned_sessions.pop()

    def visit_Lambda_body(self, node: cst.Lambda) -> None:
        self._frames.append(Frame("lambda"))

    def leave_Lambda_body(self, node: cst.Lambda) -> None:
        self._frames.pop()

    # An `await` in a generator expression would make it an async generator.
    def visit_GeneratorExp_elt(self, node: cst.GeneratorExp) -> None:
        self._frames.append(Frame("generator"))

    def leave_GeneratorExp_elt(self, node: cst.GeneratorExp) -> None:
        self._frames.pop()

    def visit_GeneratorExp_for_in(self, node: cst.GeneratorExp) -> None:
        self._frames.append(Frame("generator"))
        self._outermost_iterables.add(node.for_in.iter)

    def leave_GeneratorExp_for_in(self, node: cst.GeneratorExp) -> None:
        self._frames.pop()

    # ... except in its outermost iterable, which Python evaluates in the enclosing scope
    # before the generator starts: `sum(i.qty for i in await db.execute(...))` is valid.
    def visit_CompFor_iter(self, node: cst.CompFor) -> None:
        if node.iter in self._outermost_iterables and len(self._frames) > 1:
            self._frames.append(self._frames[-2])

    def leave_CompFor_iter(self, node: cst.CompFor) -> None:
        if node.iter in self._outermost_iterables and len(self._frames) > 1:
            self._frames.pop()

    def visit_ClassDef_body(self, node: cst.ClassDef) -> None:
        self._frames.append(Frame("class"))
        self.classes.append(node)

    def leave_ClassDef_body(self, node: cst.ClassDef) -> None:
        self._frames.pop()
        self.classes.pop()

    # -- sessions opened in place ----------------------------------------------------

    def visit_Assign_value(self, node: cst.Assign) -> None:
        if len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
            self._bind_new_session(node.targets[0].target, node.value)

    def visit_WithItem_asname(self, node: cst.WithItem) -> None:
        if node.asname is None or not isinstance(node.asname.name, cst.Name):
            return
        item = node.item
        if isinstance(item, cst.Call):  # `with session_scope() as db:`, a provider
            kind = self.settings.provider_kind(get_full_name_for_node(item.func) or "")
            if kind is not None:
                self._session_bindings[node.asname.name] = kind
                return
        self._bind_new_session(node.asname.name, item)

    def _bind_new_session(self, target: cst.Name, value: cst.BaseExpression) -> None:
        kind = self._new_session_kind(value)
        if kind == "sync" and self._planned_sessions and target.value in self._planned_sessions[-1]:
            kind = "async"  # opened from the async twin once `open_async_sessions` ran
        if kind is not None:
            self._session_bindings[target] = kind

    def _new_session_kind(self, value: cst.BaseExpression) -> SessionKind | None:
        """The kind of session `value` opens: a factory call, `Session(...)`, `next(get_db())`,
        `await anext(get_async_db())`."""
        if isinstance(value, cst.Await):
            value = value.expression
        if not isinstance(value, cst.Call):
            return None
        names = self.qualified_names(value.func)
        stepped = {"builtins.next", "builtins.anext"} & names
        if stepped and value.args and isinstance(value.args[0].value, cst.Call):
            provider = get_full_name_for_node(value.args[0].value.func) or ""
            return self.settings.provider_kind(provider)
        for name in names:
            kind = self.index.session_factories.get(name)
            kind = kind or self.settings.session_kind_of_type(name)
            if kind is not None:
                return kind
        return self.settings.factory_kind(get_full_name_for_node(value.func) or "")

    # -- queries -------------------------------------------------------------------

    def await_allowed(self) -> bool:
        """True when the innermost scope is the body of an `async def`."""
        return bool(self._frames) and self._frames[-1] == Frame("function", is_async=True)

    def session_kind(self, name: cst.Name | cst.Attribute) -> SessionKind | None:
        """The kind of session this use of a name (or of `self.<attribute>`) refers to, or
        None when it is not one."""
        if isinstance(name, cst.Attribute):
            return self._held_session_kind(name)
        scope = self.get_metadata(ScopeProvider, name, None)
        if scope is None:
            return None
        bindings = scope[name.value]
        if len(bindings) != 1:  # unbound, or bound more than once: not trusted
            return None
        binding = next(iter(bindings))
        return self._session_bindings.get(binding.node) if isinstance(binding, Assignment) else None

    def _held_session_kind(self, node: cst.Attribute) -> SessionKind | None:
        """`self.db` in a method of a class the index knows keeps a session there."""
        if not (m.matches(node.value, m.Name("self")) and self.classes):
            return None
        scope = self.get_metadata(ScopeProvider, node.value, None)
        bindings = scope["self"] if scope is not None else set()
        binding = next(iter(bindings)) if len(bindings) == 1 else None
        if not (isinstance(binding, Assignment) and isinstance(binding.node, cst.Param)):
            return None
        held = self.index.session_attributes
        for qualified in self.qualified_names(self.classes[-1].name):
            kind = held.get(qualified, {}).get(node.attr.value)
            if kind is not None:
                return kind
        return None

    def session_call(self, node: cst.Call) -> SessionCall | None:
        if not m.matches(node.func, m.Attribute(value=SESSION_EXPRESSION, attr=m.Name())):
            return None
        func = cst.ensure_type(node.func, cst.Attribute)
        session = func.value
        assert isinstance(session, cst.Name | cst.Attribute)
        kind = self.session_kind(session)
        if kind is None:
            return None
        return SessionCall(get_full_name_for_node_or_raise(session), func.attr.value, kind)

    # -- recognition ---------------------------------------------------------------

    def _parameter_kind(self, param: cst.Param, is_async: bool) -> SessionKind | None:
        if param.annotation is not None:
            return self._annotation_kind(param.annotation.annotation)
        if param.default is not None:
            return self._default_kind(param.default)
        if not is_async and param.name.value in self.settings.session_names:
            return "sync"
        return None

    def _annotation_kind(self, annotation: cst.BaseExpression) -> SessionKind | None:
        if isinstance(annotation, cst.Subscript):
            names = self.qualified_names(annotation.value)
            first = annotation.slice[0].slice if annotation.slice else None
            if names & ANNOTATED_NAMES and isinstance(first, cst.Index):
                return self._annotation_kind(first.value)
            return None
        for qualified in self.qualified_names(annotation):
            kind = self.settings.session_kind_of_type(qualified)
            kind = kind or self.index.session_aliases.get(qualified)
            if kind is not None:
                return kind
        return None

    def _default_kind(self, default: cst.BaseExpression) -> SessionKind | None:
        if not isinstance(default, cst.Call) or not default.args:
            return None
        if not self.qualified_names(default.func) & DEPENDS_NAMES:
            return None
        provider = default.args[0].value
        if not isinstance(provider, cst.Name | cst.Attribute):
            return None
        return self.settings.provider_kind(get_full_name_for_node_or_raise(provider))
