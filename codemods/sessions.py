"""Which names are SQLAlchemy sessions, and whether an `await` may be written where we are.

A mixin for LibCST visitors and transformers. It keeps a stack of the function-like
scopes the traversal is in, and for each function the parameters recognised as a sync
or async session:

- annotated with a session type (`Session`, `sqlmodel.Session`, `AsyncSession`, under
  any import path or alias), also inside `Annotated[Session, ...]`;
- annotated with a project alias of such an `Annotated` (found by the index);
- defaulting to `Depends(get_db)`-style providers named in the settings;
- unannotated and named like a session (`db`, `session`, ...) in a sync `def`;

and the locals (or module globals) bound once to a new session: `db = SessionLocal()`
(any sessionmaker the index found, or a configured factory name), `db = Session(engine)`,
`db = next(get_db())`, `with SessionLocal() as db`, `async with AsyncSessionLocal() as db`.

A name that the function binds more than once (`db = other`) is not trusted as a session.
Only attribute-name hooks (`visit_FunctionDef_body`) are used, because those have the
same signature on visitors and transformers.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from typing import ClassVar, Literal

import libcst as cst
import libcst.matchers as m
from libcst.helpers import get_full_name_for_node, get_full_name_for_node_or_raise
from libcst.metadata import (
    FullyQualifiedNameProvider,
    ProviderT,
    QualifiedName,
    Scope,
    ScopeProvider,
)

from codemods.index import ANNOTATED_NAMES, ProjectIndex
from codemods.settings import SessionKind, Settings

FrameKind = Literal["module", "function", "lambda", "generator", "class"]
DEPENDS_NAMES = frozenset({"fastapi.Depends", "fastapi.params.Depends"})


@dataclass
class Frame:
    kind: FrameKind
    is_async: bool = False
    sessions: dict[str, SessionKind] = field(default_factory=dict)
    bound: Collection[str] = ()


@dataclass(frozen=True)
class SessionCall:
    """`<session>.<method>(...)` on a recognised session."""

    session: str
    method: str
    kind: SessionKind


def _parameters(params: cst.Parameters) -> Iterator[cst.Param]:
    yield from params.posonly_params
    yield from params.params
    if isinstance(params.star_arg, cst.Param):
        yield params.star_arg
    yield from params.kwonly_params
    if params.star_kwarg is not None:
        yield params.star_kwarg


class SessionTracker(cst.MetadataDependent):
    """Mixin: tracks sessions in scope while a visitor or transformer walks a module."""

    METADATA_DEPENDENCIES: ClassVar[Collection[ProviderT]] = (
        ScopeProvider,
        FullyQualifiedNameProvider,
    )

    settings: Settings
    index: ProjectIndex

    def init_session_tracking(self, settings: Settings, index: ProjectIndex) -> None:
        self.settings = settings
        self.index = index
        self._frames: list[Frame] = []

    # -- scope stack ---------------------------------------------------------------

    def visit_Module_body(self, node: cst.Module) -> None:
        scope = self.get_metadata(ScopeProvider, node, None)
        bound = {a.name for a in scope.assignments} if isinstance(scope, Scope) else set()
        self._frames.append(Frame("module", bound=bound))

    def leave_Module_body(self, node: cst.Module) -> None:
        self._frames.pop()

    def visit_FunctionDef_body(self, node: cst.FunctionDef) -> None:
        self._frames.append(self._function_frame(node))

    def leave_FunctionDef_body(self, node: cst.FunctionDef) -> None:
        self._frames.pop()

    def visit_Lambda_body(self, node: cst.Lambda) -> None:
        names = {param.name.value for param in _parameters(node.params)}
        self._frames.append(Frame("lambda", bound=names))

    def leave_Lambda_body(self, node: cst.Lambda) -> None:
        self._frames.pop()

    def visit_GeneratorExp_elt(self, node: cst.GeneratorExp) -> None:
        # An `await` here would turn the generator into an async generator.
        self._frames.append(Frame("generator"))

    def leave_GeneratorExp_elt(self, node: cst.GeneratorExp) -> None:
        self._frames.pop()

    def visit_GeneratorExp_for_in(self, node: cst.GeneratorExp) -> None:
        self._frames.append(Frame("generator"))

    def leave_GeneratorExp_for_in(self, node: cst.GeneratorExp) -> None:
        self._frames.pop()

    def visit_ClassDef_body(self, node: cst.ClassDef) -> None:
        self._frames.append(Frame("class"))

    def leave_ClassDef_body(self, node: cst.ClassDef) -> None:
        self._frames.pop()

    # -- sessions opened in place ----------------------------------------------------

    def visit_Assign_value(self, node: cst.Assign) -> None:
        if len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
            self._bind_local(node, node.targets[0].target.value, node.value)

    def visit_WithItem_asname(self, node: cst.WithItem) -> None:
        if node.asname is not None and isinstance(node.asname.name, cst.Name):
            self._bind_local(node, node.asname.name.value, node.item)

    def _bind_local(self, node: cst.CSTNode, name: str, value: cst.BaseExpression) -> None:
        frame = self._frames[-1] if self._frames else None
        if frame is None or frame.kind not in ("module", "function"):
            return
        kind = self._new_session_kind(value)
        if kind is not None and self._bound_once(
            self.get_metadata(ScopeProvider, node, None), name
        ):
            frame.sessions[name] = kind

    def _new_session_kind(self, value: cst.BaseExpression) -> SessionKind | None:
        """The kind of session `value` opens: a factory call, `Session(...)`, `next(get_db())`."""
        if not isinstance(value, cst.Call):
            return None
        names = {q.name for q in self._qualified_names(value.func)}
        if "builtins.next" in names and value.args and isinstance(value.args[0].value, cst.Call):
            provider = value.args[0].value.func
            name = get_full_name_for_node(provider) or ""
            return self.settings.provider_kind(name)
        for name in names:
            kind = self.index.session_factories.get(name) or self.settings.session_kind_of_type(
                name
            )
            if kind is not None:
                return kind
        return self.settings.factory_kind(get_full_name_for_node(value.func) or "")

    # -- queries -------------------------------------------------------------------

    def await_allowed(self) -> bool:
        """True when the innermost scope is the body of an `async def`."""
        return (
            bool(self._frames)
            and self._frames[-1].kind == "function"
            and (self._frames[-1].is_async)
        )

    def session_kind(self, name: str) -> SessionKind | None:
        """The kind of session `name` refers to here, or None when it is not one."""
        for frame in reversed(self._frames):
            if name in frame.sessions:
                return frame.sessions[name]
            if name in frame.bound:
                return None
        return None

    def session_call(self, node: cst.Call) -> SessionCall | None:
        if not m.matches(node.func, m.Attribute(value=m.Name(), attr=m.Name())):
            return None
        func = cst.ensure_type(node.func, cst.Attribute)
        session = cst.ensure_type(func.value, cst.Name).value
        kind = self.session_kind(session)
        return SessionCall(session, func.attr.value, kind) if kind else None

    # -- recognition ---------------------------------------------------------------

    def _function_frame(self, node: cst.FunctionDef) -> Frame:
        is_async = node.asynchronous is not None
        scope = self.get_metadata(ScopeProvider, node.body, None)
        bound = {a.name for a in scope.assignments} if isinstance(scope, Scope) else set()
        sessions: dict[str, SessionKind] = {}
        for param in _parameters(node.params):
            name = param.name.value
            kind = self._parameter_kind(param, is_async)
            if kind is not None and self._bound_once(scope, name):
                sessions[name] = kind
        return Frame("function", is_async, sessions, bound)

    @staticmethod
    def _bound_once(scope: Scope | None, name: str) -> bool:
        return scope is None or len(scope.assignments[name]) == 1

    def _parameter_kind(self, param: cst.Param, is_async: bool) -> SessionKind | None:
        if param.annotation is not None:
            return self._annotation_kind(param.annotation.annotation)
        if param.default is not None:
            return self._default_kind(param.default)
        if not is_async and param.name.value in self.settings.session_names:
            return "sync"
        return None

    def _qualified_names(self, node: cst.CSTNode) -> Collection[QualifiedName]:
        return self.get_metadata(FullyQualifiedNameProvider, node, set())

    def _annotation_kind(self, annotation: cst.BaseExpression) -> SessionKind | None:
        if isinstance(annotation, cst.Subscript):
            names = {q.name for q in self._qualified_names(annotation.value)}
            first = annotation.slice[0].slice if annotation.slice else None
            if names & ANNOTATED_NAMES and isinstance(first, cst.Index):
                return self._annotation_kind(first.value)
            return None
        for qualified in self._qualified_names(annotation):
            kind = self.settings.session_kind_of_type(qualified.name)
            kind = kind or self.index.session_aliases.get(qualified.name)
            if kind is not None:
                return kind
        return None

    def _default_kind(self, default: cst.BaseExpression) -> SessionKind | None:
        if not isinstance(default, cst.Call) or not default.args:
            return None
        if not {q.name for q in self._qualified_names(default.func)} & DEPENDS_NAMES:
            return None
        provider = default.args[0].value
        if not isinstance(provider, cst.Name | cst.Attribute):
            return None
        return self.settings.provider_kind(get_full_name_for_node_or_raise(provider))
