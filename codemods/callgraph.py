"""Per-function facts from the stdlib `ast`: sessions, session I/O, calls and references.

For every function and method of the project (nested ones too): which parameters and
locals are sessions (the same rules as `sessions.py`: annotations through imports and
project aliases, `Depends(provider)`, names for unannotated parameters of a sync `def`,
locals bound once to a sessionmaker call), whether it does session I/O, the project
functions it calls (resolved through `symbols.py`) with their positions, and the project
functions it mentions without calling them (callbacks, `Depends(f)`, `add_task(f)`).

Positions are 1-based lines and 0-based *character* columns (ast counts UTF-8 bytes),
the same as LibCST's `PositionProvider`, so transforms can find the very same call.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from libcst.helpers import ModuleNameAndPackage

from codemods.astnames import absolute_module, dotted, holders_below, imported_names, qualify
from codemods.models_index import Model
from codemods.queries.methods import EXECUTING, STATEMENT_METHODS
from codemods.queries.shapes import Written, shape_of
from codemods.query_flow import (
    QueryParameter,
    QueryReader,
    QueryValue,
    ReturnedQuery,
    query_parameter,
    returned_query,
)
from codemods.session_api import (
    ANNOTATED_NAMES,
    ASYNC_SESSION_API,
    COROUTINE_METHODS,
    DEPENDS_NAMES,
    HARMLESS_SESSION_CONSUMERS,
    SESSION_API_GAPS,
    SESSION_PAGINATORS,
    THREADPOOL_RUNNERS,
)
from codemods.settings import SessionKind, Settings
from codemods.symbols import FunctionNode, SymbolTable
from codemods.sync_bridges import Bridge, bridge_problem

# `@router.get(...)` and its siblings: decorators that make a path operation.
ROUTE_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "api_route"})
QUERY_CONSUMERS = frozenset(
    {"all", "first", "one", "one_or_none", "scalar", "count", "delete", "update", "get"}
)


@dataclass(frozen=True)
class CallSite:
    callee: str  # the project function called
    line: int
    column: int
    awaited: bool
    # "body"; "lambda" / "generator" where an await cannot be written; "main": a
    # statement of `if __name__ == "__main__":`, run with `asyncio.run()` once a coroutine;
    # "fixture": not a call but a pytest fixture the function requests (`pytest_links.py`);
    # "override": the dependency override FastAPI hands it instead (`override_links.py`)
    where: str
    through_instance: bool  # `self.m(...)`, `crud.user.m(...)`: `self` is not an argument
    positional: tuple[str | None, ...]  # each positional argument's name, if it is a name
    keywords: tuple[tuple[str, str | None], ...]
    # Arguments that hold an unexecuted query: position or keyword -> what it holds.
    handed: tuple[tuple[int | str, QueryValue], ...] = ()
    through_threadpool: bool = False  # `run_in_threadpool(f, ...)`, read as `f(...)`


@dataclass(frozen=True)
class Reference:
    target: str  # a project function mentioned without being called
    line: int
    column: int
    via: str  # the call it is passed to (`fastapi.Depends`, `...add_task`), or ""


@dataclass(frozen=True)
class Fixture:
    name: str
    scope: str  # "function", "class", "module", "package", "session"


@dataclass(frozen=True)
class FunctionFacts:
    name: str  # qualified as LibCST does: module.func, module.Class.method, f.<locals>.inner
    relpath: str
    line: int
    is_async: bool
    is_method: bool
    decorators: tuple[str, ...]
    sessions: Mapping[str, SessionKind]  # parameters and locals that are sessions
    session_parameters: tuple[str, ...]  # the parameters among them, in order
    session_io: bool
    opens_session: bool  # binds a session from a factory or provider itself
    calls: tuple[CallSite, ...]
    references: tuple[Reference, ...]
    parameters: tuple[str, ...] = ()  # positional parameter names, in order
    # Why its sessions cannot simply become AsyncSession (an API AsyncSession lacks, a
    # session handed to code outside the project); empty when nothing stands in the way.
    session_obstacles: tuple[str, ...] = ()
    returned_query: ReturnedQuery | None = None
    query_parameter: QueryParameter | None = None  # a parameter only run or refined
    # Calls handing a session to a helper that stays sync, to bridge with `run_sync`.
    bridges: tuple[Bridge, ...] = ()
    # Methods it hands a session to on objects the index cannot follow (`_unfollowed_methods`).
    unfollowed_methods: tuple[str, ...] = ()
    # Project aliases its session parameters are annotated with (`SessionDep`), qualified.
    session_aliases: tuple[str, ...] = ()
    # The sessions it opens itself: (how, from what), see `opened_from`.
    opened: tuple[tuple[str, str], ...] = ()
    # A pytest fixture (`@pytest.fixture`): the name tests request it by, and its scope.
    fixture: Fixture | None = None
    # Returns or yields a session it opened or was given (`yield SessionLocal()`).
    provides_session: bool = False
    # Providers its parameters depend on: `Depends(get_db)`, also inside `Annotated[...]`.
    depends_on: tuple[str, ...] = ()
    # `dependency_overrides[provider] = override` it sets: (provider, override), qualified.
    overrides: tuple[tuple[str, str], ...] = ()
    # A path operation's response model (`response_model=`, else the return annotation):
    # the names it mentions, qualified.
    response_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProjectFacts:
    """What the index knows about the whole project before reading functions."""

    symbols: SymbolTable
    settings: Settings
    aliases: Mapping[str, SessionKind]
    factories: Mapping[str, SessionKind]
    models: Mapping[str, Model] = field(default_factory=dict)
    module_names: frozenset[str] = frozenset()
    entity_attributes: Mapping[str, frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class ModuleContext:
    module: ModuleNameAndPackage
    relpath: str
    lines: Sequence[str]
    imported: Mapping[str, str]
    project: ProjectFacts

    @property
    def symbols(self) -> SymbolTable:
        return self.project.symbols

    @property
    def settings(self) -> Settings:
        return self.project.settings

    def qualified(self, node: ast.expr) -> str:
        written = dotted(node) or ""
        if written.split(".")[0] in self.imported:
            return qualify(node, self.imported) or written
        return f"{self.module.name}.{written}"

    def column(self, node: ast.expr) -> int:
        """The 0-based character column (ast counts UTF-8 bytes)."""
        line = self.lines[node.lineno - 1] if node.lineno <= len(self.lines) else ""
        if line.isascii():
            return node.col_offset
        return len(line.encode("utf-8")[: node.col_offset].decode("utf-8", "replace"))


# -- sessions -------------------------------------------------------------------------


def annotation_kind(annotation: ast.expr, context: ModuleContext) -> SessionKind | None:
    if (
        isinstance(annotation, ast.Subscript)
        and context.qualified(annotation.value) in ANNOTATED_NAMES
    ):
        first = (
            annotation.slice.elts[0]
            if isinstance(annotation.slice, ast.Tuple)
            else annotation.slice
        )
        return annotation_kind(first, context)
    name = context.qualified(annotation)
    return context.settings.session_kind_of_type(name) or context.project.aliases.get(name)


def _default_kind(default: ast.expr, context: ModuleContext) -> SessionKind | None:
    if not isinstance(default, ast.Call) or not default.args:
        return None
    if context.qualified(default.func) not in DEPENDS_NAMES:
        return None
    return context.settings.provider_kind(dotted(default.args[0]) or "")


def parameter_kind(
    argument: ast.arg, default: ast.expr | None, is_async: bool, context: ModuleContext
) -> SessionKind | None:
    if argument.annotation is not None:
        return annotation_kind(argument.annotation, context)
    if default is not None:
        return _default_kind(default, context)
    if not is_async and argument.arg in context.settings.session_names:
        return "sync"
    return None


def parameters_of(node: FunctionNode) -> Iterator[tuple[ast.arg, ast.expr | None]]:
    arguments = node.args
    positional = [*arguments.posonlyargs, *arguments.args]
    defaults = [None] * (len(positional) - len(arguments.defaults)) + list(arguments.defaults)
    yield from zip(positional, defaults, strict=True)
    if arguments.vararg:
        yield arguments.vararg, None
    yield from zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True)
    if arguments.kwarg:
        yield arguments.kwarg, None


def new_session_kind(value: ast.expr, context: ModuleContext) -> SessionKind | None:
    """`SessionLocal()`, `Session(engine)`, `next(get_db())`: the kind of session opened."""
    if not isinstance(value, ast.Call):
        return None
    if dotted(value.func) == "next" and value.args and isinstance(value.args[0], ast.Call):
        return context.settings.provider_kind(dotted(value.args[0].func) or "")
    name = context.symbols.canonical(context.qualified(value.func))
    kind = context.project.factories.get(name) or context.settings.session_kind_of_type(name)
    return kind or context.settings.factory_kind(dotted(value.func) or "")


def opened_from(value: ast.expr, context: ModuleContext) -> tuple[str, str]:
    """How a session is opened, and from what: `("factory", "app.db.SessionLocal")` for
    `SessionLocal()`, `("next", "app.deps.get_db")` for `next(get_db())`, else "other"."""
    if not isinstance(value, ast.Call):
        return "other", ""
    how, opener = "factory", value.func
    if dotted(value.func) == "next" and value.args and isinstance(value.args[0], ast.Call):
        how, opener = "next", value.args[0].func
    if not dotted(opener):
        return "other", ""
    name = context.symbols.canonical(context.qualified(opener))
    if how == "factory" and name not in context.project.factories:
        how = "other"
    return how, name


# -- one function body ----------------------------------------------------------------


@dataclass
class _BodyFacts:
    stores: dict[str, int] = field(default_factory=dict)
    local_sessions: dict[str, SessionKind] = field(default_factory=dict)
    # Local session -> what opened it: ("factory" | "next" | "other", qualified name).
    opened: dict[str, tuple[str, str]] = field(default_factory=dict)
    nested: set[str] = field(default_factory=set)
    calls: list[tuple[ast.Call, bool, str]] = field(default_factory=list)  # call, awaited, where
    # Every name or attribute read, with the function of the call it is an argument of.
    loads: list[tuple[ast.expr, ast.expr | None]] = field(default_factory=list)
    argument_of: dict[int, ast.Call] = field(default_factory=dict)  # id(argument) -> call
    method_calls: list[tuple[str, str, ast.Call]] = field(default_factory=list)  # name.m(...)
    returned: list[ast.expr] = field(default_factory=list)
    yielded: list[ast.expr] = field(default_factory=list)  # `yield value`, `return value`
    # `app.dependency_overrides[key] = value` and `{key: value}` assigned or merged in.
    overrides: list[tuple[ast.expr, ast.expr]] = field(default_factory=list)
    # Names imported inside the function (`from app.service import create`), qualified.
    imported: dict[str, str] = field(default_factory=dict)
    # Local -> every value bound to it; `UNKNOWN_VALUE` stands for a binding other than
    # `x = value` (a loop target, an unpacking, ...).
    assigned: dict[str, list[ast.expr]] = field(default_factory=dict)


UNKNOWN_VALUE: ast.expr = ast.Constant(value=None)
# What a function keyed or stored in `app.dependency_overrides[...]` is handed to.
OVERRIDES = ast.Name(id="dependency_overrides")
# Stands for a session that is opened in a `yield` or `return` without a name.
HANDED_OUT = "<handed out>"


class _BodyReader(ast.NodeVisitor):
    """One function body, without descending into nested functions or classes."""

    def __init__(self, context: ModuleContext) -> None:
        self.context = context
        self.facts = _BodyFacts()
        self._awaited: set[int] = set()
        self._called: set[int] = set()
        self._passed_to: dict[int, ast.expr] = {}
        self._bound: set[int] = set()  # `x` of `x = value`, stored with its value
        self._where = ["body"]

    def read(self, node: FunctionNode) -> _BodyFacts:
        for statement in node.body:
            self.visit(statement)
        return self.facts

    def _store(self, name: str, value: ast.expr = UNKNOWN_VALUE) -> None:
        self.facts.stores[name] = self.facts.stores.get(name, 0) + 1
        self.facts.assigned.setdefault(name, []).append(value)

    def _nested(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self._store(node.name)
        self.facts.nested.add(node.name)
        for decorator in node.decorator_list:
            self.visit(decorator)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._nested(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._nested(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._store(node.name)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            local = alias.asname or alias.name.split(".")[0]
            self.facts.imported[local] = alias.name if alias.asname else local

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = absolute_module(node, self.context.module)
        for alias in node.names:
            self.facts.imported[alias.asname or alias.name] = f"{base}.{alias.name}"

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self._inside("lambda", node.body)

    def visit_GeneratorExp(self, node: ast.GeneratorExp) -> None:
        self._where.append("generator")
        self.generic_visit(node)
        self._where.pop()

    def _inside(self, where: str, node: ast.AST) -> None:
        self._where.append(where)
        self.visit(node)
        self._where.pop()

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Store | ast.Del) and id(node) not in self._bound:
            self._store(node.id)
        elif id(node) not in self._called:
            self.facts.loads.append((node, self._passed_to.get(id(node))))

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if isinstance(node.ctx, ast.Load) and id(node) not in self._called:
            self.facts.loads.append((node, self._passed_to.get(id(node))))
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        target = node.targets[0] if len(node.targets) == 1 else None
        if _overrides_dependency(target):
            # FastAPI calls the override in place of the dependency it is keyed on
            assert isinstance(target, ast.Subscript)
            self._passed_to[id(node.value)] = self._passed_to[id(target.slice)] = OVERRIDES
            self.facts.overrides.append((target.slice, node.value))
        elif _is_overrides(target) and isinstance(node.value, ast.Dict):
            self._overriding(node.value)
        if isinstance(target, ast.Name):
            self._note_session(target.id, node.value, reopenable=True)
            self._store(target.id, node.value)
            self._bound.add(id(target))
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if isinstance(node.target, ast.Name) and node.value is not None:
            self._store(node.target.id, node.value)
            self._bound.add(id(node.target))
        self.generic_visit(node)

    def visit_With(self, node: ast.With) -> None:
        self._with_items(node.items, alone=len(node.items) == 1)
        self.generic_visit(node)

    def visit_AsyncWith(self, node: ast.AsyncWith) -> None:
        self._with_items(node.items, alone=False)
        self.generic_visit(node)

    def _with_items(self, items: list[ast.withitem], alone: bool) -> None:
        """`with SessionLocal() as db:`, `with session_scope() as db:` (a provider made a
        context manager); only a lone item can become `async with`."""
        for item in items:
            if isinstance(item.optional_vars, ast.Name):
                name, value = item.optional_vars.id, item.context_expr
                if isinstance(value, ast.Call) and self._scope_kind(value) is not None:
                    self.facts.local_sessions[name] = self._scope_kind(value) or "sync"
                    provider = self.context.symbols.canonical(self.context.qualified(value.func))
                    self.facts.opened[name] = ("with" if alone else "other", provider)
                else:
                    self._note_session(name, value, reopenable=alone)

    def _scope_kind(self, value: ast.Call) -> SessionKind | None:
        return self.context.settings.provider_kind(dotted(value.func) or "")

    def _note_session(self, name: str, value: ast.expr, reopenable: bool) -> None:
        """A local bound to a new session, and how it was opened ("other" when the
        statement cannot be rewritten to open an async one)."""
        kind = new_session_kind(value, self.context)
        if kind is None:
            return
        self.facts.local_sessions[name] = kind
        how, source = opened_from(value, self.context)
        self.facts.opened[name] = (how if reopenable else "other", source)

    def visit_Await(self, node: ast.Await) -> None:
        self._awaited.add(id(node.value))
        self.generic_visit(node)

    def visit_Return(self, node: ast.Return) -> None:
        if node.value is not None:
            self.facts.returned.append(node.value)
            self._hand_out(node.value)
        self.generic_visit(node)

    def visit_Yield(self, node: ast.Yield) -> None:
        if node.value is not None:
            self._hand_out(node.value)
        self.generic_visit(node)

    def _hand_out(self, value: ast.expr) -> None:
        """`yield SessionLocal()`: a session opened only to be handed out (a fixture)."""
        self.facts.yielded.append(value)
        if new_session_kind(value, self.context) is not None:
            self._note_session(HANDED_OUT, value, reopenable=True)
            self._store(HANDED_OUT)

    def _overriding(self, overrides: ast.Dict) -> None:
        """`{get_db: override_get_db}` assigned to or merged into the overrides."""
        for key, value in zip(overrides.keys, overrides.values, strict=True):
            if key is not None:
                self._passed_to[id(key)] = self._passed_to[id(value)] = OVERRIDES
                self.facts.overrides.append((key, value))

    def visit_Call(self, node: ast.Call) -> None:
        if isinstance(node.func, ast.Attribute) and _is_overrides(node.func.value):
            for argument in node.args:
                if isinstance(argument, ast.Dict):
                    self._overriding(argument)
        self.facts.calls.append((node, id(node) in self._awaited, self._where[-1]))
        self._called.add(id(node.func))
        receiver = node.func.value if isinstance(node.func, ast.Attribute) else None
        if isinstance(node.func, ast.Attribute) and isinstance(receiver, ast.Name):
            self.facts.method_calls.append((receiver.id, node.func.attr, node))
        for argument in [*node.args, *(k.value for k in node.keywords)]:
            self._passed_to[id(argument)] = node.func
            self.facts.argument_of[id(argument)] = node
        self.generic_visit(node)


# -- assembling the facts ---------------------------------------------------------------


def _is_overrides(node: ast.expr | None) -> bool:
    """`app.dependency_overrides`."""
    return isinstance(node, ast.Attribute) and node.attr == "dependency_overrides"


def _overrides_dependency(target: ast.expr | None) -> bool:
    """`app.dependency_overrides[get_db] = ...`."""
    return isinstance(target, ast.Subscript) and _is_overrides(target.value)


def _spine(top: ast.expr) -> Iterator[ast.expr]:
    """`a.b(...).c(...)`: the top, then each receiver down the method-call chain."""
    node: ast.expr | None = top
    while node is not None:
        yield node
        node = (
            node.func.value
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            else None
        )


def _returned_unexecuted(query: ast.Call, returned: Sequence[ast.expr]) -> bool:
    """`return db.query(...).filter(...)`: handed back as a query, never run here."""
    for value in returned:
        for node in _spine(value):
            if node is query:
                return True
            method = (
                node.func.attr
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                else ""
            )
            if method in QUERY_CONSUMERS:
                break
    return False


def _session_io(
    body: _BodyFacts, sessions: Mapping[str, SessionKind], built: Collection[int]
) -> bool:
    """Session I/O once migrated: a coroutine method, or a query that is run here (not
    one returned unexecuted, nor one of the `built` queries a builder hands back)."""
    on_sessions = [(method, call) for name, method, call in body.method_calls if name in sessions]
    if any(method in COROUTINE_METHODS for method, _ in on_sessions):
        return True
    queries = [call for method, call in on_sessions if method == "query" and id(call) not in built]
    return any(not _returned_unexecuted(call, body.returned) for call in queries)


def _sessions(
    node: FunctionNode, body: _BodyFacts, context: ModuleContext
) -> tuple[dict[str, SessionKind], tuple[str, ...]]:
    """Sessions bound once in the function: parameters first, then locals."""
    is_async = isinstance(node, ast.AsyncFunctionDef)
    sessions: dict[str, SessionKind] = {}
    for argument, default in parameters_of(node):
        kind = parameter_kind(argument, default, is_async, context)
        if kind is not None and argument.arg not in body.stores:
            sessions[argument.arg] = kind
    parameters = tuple(sessions)
    for name, kind in body.local_sessions.items():
        if body.stores.get(name) == 1 and name not in {a.arg for a, _ in parameters_of(node)}:
            sessions[name] = kind
    return sessions, parameters


def _aliases_used(node: FunctionNode, context: ModuleContext) -> tuple[str, ...]:
    """`db: SessionDep`: the project's `Annotated` session aliases among its annotations."""
    found = []
    for argument, _ in parameters_of(node):
        if argument.annotation is not None and dotted(argument.annotation):
            name = context.qualified(argument.annotation)
            if name in context.project.aliases:
                found.append(name)
    return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class _Scope:
    name: str  # the function's qualified name
    owner: str | None  # its class, for `self.method()`
    locals: frozenset[str]  # parameters and names it binds
    nested: frozenset[str]
    imported: Mapping[str, str] = field(default_factory=dict)  # imports inside it


def _resolve(expression: ast.expr, scope: _Scope, context: ModuleContext) -> str | None:
    """The project function an expression names here, if it names one."""
    if _is_super_attribute(expression) and scope.owner:
        assert isinstance(expression, ast.Attribute)
        return context.symbols.base_method(scope.owner, expression.attr)
    written = dotted(expression)
    if written is None:
        return None
    head, _, rest = written.partition(".")
    if head in scope.nested and not rest:
        return f"{scope.name}.<locals>.{head}"
    if head in ("self", "cls") and scope.owner and rest and "." not in rest:
        return context.symbols.method(scope.owner, rest)
    if head in scope.imported:  # `from app.service import create` in the function
        base = scope.imported[head]
        return context.symbols.function(f"{base}.{rest}" if rest else base)
    if head in scope.locals:
        return None
    return context.symbols.function(f"{context.module.name}.{written}")


def _is_super_attribute(expression: ast.expr) -> bool:
    """`super().method` (or `super(Class, self).method`)."""
    return (
        isinstance(expression, ast.Attribute)
        and isinstance(expression.value, ast.Call)
        and isinstance(expression.value.func, ast.Name)
        and expression.value.func.id == "super"
    )


def _name_of(node: ast.expr) -> str | None:
    return node.id if isinstance(node, ast.Name) else None


def _through_instance(func: ast.expr, scope: _Scope, context: ModuleContext) -> bool:
    """`self.m()` or `crud.user.m()`: a bound method, whose `self` is not an argument."""
    if not isinstance(func, ast.Attribute):
        return False
    if _is_super_attribute(func):
        return True
    owner = dotted(func.value) or ""
    if owner in ("self", "cls"):
        return True
    return context.symbols.is_instance(f"{context.module.name}.{owner}")


def _calls(
    body: _BodyFacts, scope: _Scope, context: ModuleContext, values: QueryReader | None = None
) -> tuple[CallSite, ...]:
    found = []
    for original, awaited, where in body.calls:
        call = _unwrapped(original, context)
        callee = _resolve(call.func, scope, context)
        if callee is None:
            continue
        awaited = awaited or call is not original  # run_in_threadpool's own await stays
        through_instance = _through_instance(call.func, scope, context)
        found.append(
            CallSite(
                callee,
                original.lineno,
                context.column(original),
                awaited,
                where,
                through_instance,
                tuple(_name_of(a) for a in call.args),
                tuple((k.arg, _name_of(k.value)) for k in call.keywords if k.arg),
                _handed(call, values) if values is not None else (),
                call is not original,
            )
        )
    return tuple(found)


def _unwrapped(call: ast.Call, context: ModuleContext) -> ast.Call:
    """`run_in_threadpool(f, a, b=c)` read as the call `f(a, b=c)` it makes."""
    if not call.args or isinstance(call.args[0], ast.Starred):
        return call
    if not _runs_in_threadpool(call.func, context):
        return call
    return ast.Call(func=call.args[0], args=call.args[1:], keywords=call.keywords)


def _runs_in_threadpool(func: ast.expr, context: ModuleContext) -> bool:
    return bool(dotted(func)) and context.qualified(func) in THREADPOOL_RUNNERS


def _handed(call: ast.Call, values: QueryReader) -> tuple[tuple[int | str, QueryValue], ...]:
    """The arguments of `call` that hold an unexecuted query."""
    slots: list[tuple[int | str, ast.expr]] = [
        (position, argument)
        for position, argument in enumerate(call.args)
        if not isinstance(argument, ast.Starred)
    ]
    slots += [(k.arg, k.value) for k in call.keywords if k.arg]
    found = []
    for slot, argument in slots:
        if isinstance(argument, ast.Name | ast.Call):
            value = values.value(argument)
            if value is not None:
                found.append((slot, value))
    return tuple(found)


def _references(body: _BodyFacts, scope: _Scope, context: ModuleContext) -> tuple[Reference, ...]:
    found = []
    for expression, passed_to in body.loads:
        target = _resolve(expression, scope, context)
        if target is not None:
            via = (
                context.qualified(passed_to) if passed_to is not None and dotted(passed_to) else ""
            )
            found.append(Reference(target, expression.lineno, context.column(expression), via))
    return tuple(found)


def _session_obstacles(
    body: _BodyFacts, sessions: Mapping[str, SessionKind], handoffs: Sequence[str]
) -> tuple[str, ...]:
    """What keeps these sessions from becoming AsyncSession as they are used here: an API
    AsyncSession lacks, and the hand-offs `_session_handoffs` found no bridge for."""
    found = [
        f"`{name}.{method}()` {SESSION_API_GAPS.get(method, 'does not exist on AsyncSession')}"
        for name, method, _ in body.method_calls
        if name in sessions and method not in ASYNC_SESSION_API
    ]
    return tuple(dict.fromkeys([*found, *handoffs]))


def _session_handoffs(
    body: _BodyFacts, sessions: Mapping[str, SessionKind], scope: _Scope, context: ModuleContext
) -> tuple[list[str], tuple[Bridge, ...]]:
    """Sessions handed to code that stays sync: the obstacles, and the calls `run_sync`
    can bridge (`sync_bridges.py`)."""
    where_of = {id(call): (awaited, where) for call, awaited, where in body.calls}
    obstacles, bridges = [], []
    for session, call, callee in _handed_sessions(body, sessions, scope, context):
        verdict = _handoff(session, call, callee, where_of[id(call)], scope, context)
        if isinstance(verdict, Bridge):
            bridges.append(verdict)
        elif verdict is not None:
            obstacles.append(verdict)
    return obstacles, tuple(dict.fromkeys(bridges))


def _handoff(
    session: str,
    call: ast.Call,
    callee: str | None,
    where: tuple[bool, str],
    scope: _Scope,
    context: ModuleContext,
) -> Bridge | str | None:
    """One session handed to `call`: nothing to do (None), a bridge, or an obstacle."""
    if callee is not None and not context.settings.keeps_sync(callee):
        return None  # a project function: the plan follows the call
    if _paginates_on(call, session, context):
        return None  # fastapi-pagination awaits its own coroutine on an AsyncSession
    if callee is None and _runs_in_threadpool(call.func, context):
        run = call.args[0] if call.args else None
        if run is None or _resolve(run, scope, context) is None:
            return f"`{session}` is handed to a thread running code outside the project"
        return None  # handed on to the function the thread runs, a call like any other
    written = dotted(call.func)
    if callee is None and (written or "").rsplit(".", 1)[-1] in HARMLESS_SESSION_CONSUMERS:
        return None
    problem = bridge_problem(call, session, where[1], where[0])
    if problem is None and written is not None:
        return Bridge(written, call.lineno, session)
    place = "kept sync by `keep-sync`" if callee else "outside the project"
    why = problem or "whose callee has no name to bridge it by"
    return f"`{session}` is passed to `{written or 'a call'}`, {place}, {why}"


def _unfollowed_methods(
    body: _BodyFacts, sessions: Mapping[str, SessionKind], scope: _Scope, context: ModuleContext
) -> tuple[str, ...]:
    """Methods of objects the index cannot follow that are handed a session, as written:
    called (`plugin.validate(db, ...)`, bridgeable or not) or already bridged
    (`db.run_sync(plugin.validate)`). One of the project's methods of that name may be
    the callee: a coroutine there would break the caller, sync or async."""
    written = [
        dotted(call.func) or ""
        for _, call, callee in _handed_sessions(body, sessions, scope, context)
        if callee is None
    ]
    written += [
        dotted(call.args[0]) or ""
        for name, method, call in body.method_calls
        if name in sessions and method == "run_sync" and call.args
    ]
    return tuple(w for w in dict.fromkeys(written) if _unfollowable(w, scope, context))


def _unfollowable(written: str, scope: _Scope, context: ModuleContext) -> bool:
    """`plugin.validate`: a method of a local object, not of an imported module, and not
    a project function the index resolves."""
    head = written.split(".", 1)[0]
    if "." not in written or head in scope.imported or head in context.imported:
        return False
    return _resolve(ast.parse(written, mode="eval").body, scope, context) is None


def _paginates_on(call: ast.Call, session: str, context: ModuleContext) -> bool:
    """`paginate(db, stmt)` of fastapi-pagination: awaited on an AsyncSession."""
    first = call.args[0] if call.args else None
    return (
        isinstance(first, ast.Name)
        and first.id == session
        and bool(dotted(call.func))
        and context.qualified(call.func) in SESSION_PAGINATORS
    )


def _paginated(
    body: _BodyFacts, sessions: Mapping[str, SessionKind], context: ModuleContext
) -> bool:
    """Session I/O through fastapi-pagination: `paginate(db, stmt)`."""
    return any(_paginates_on(call, name, context) for call, _, _ in body.calls for name in sessions)


def _handed_sessions(
    body: _BodyFacts, sessions: Mapping[str, SessionKind], scope: _Scope, context: ModuleContext
) -> Iterator[tuple[str, ast.Call, str | None]]:
    """Each session handed as a plain argument to a call: (session, call, the project
    function called, or None for code outside the project)."""
    for expression, _ in body.loads:
        if not isinstance(expression, ast.Name) or expression.id not in sessions:
            continue
        call = body.argument_of.get(id(expression))
        if call is not None:
            yield expression.id, call, _resolve(call.func, scope, context)


def _function_facts(
    node: FunctionNode,
    name: str,
    owner: str | None,
    context: ModuleContext,
    enclosing: Mapping[str, SessionKind] | None = None,
) -> Iterator[FunctionFacts]:
    body = _BodyReader(context).read(node)
    sessions, parameters = _sessions(node, body, context)
    opens_session = any(name not in parameters for name in sessions)
    arguments = frozenset(a.arg for a, _ in parameters_of(node))
    for free, kind in (enclosing or {}).items():  # a closure uses the enclosing sessions
        if free not in body.stores and free not in arguments:
            sessions.setdefault(free, kind)
    scope = _Scope(
        name, owner, frozenset(body.stores) | arguments, frozenset(body.nested), body.imported
    )
    values = QueryReader(
        sessions,
        body.assigned,
        lambda column: shape_of(
            _written(column, owner, context), context.project.models, context.project.module_names
        ),
        context.column,
    )
    returned = returned_query(body.returned, parameters, values)
    handoffs, bridges = _session_handoffs(body, sessions, scope, context)
    yield FunctionFacts(
        name=name,
        relpath=context.relpath,
        line=node.lineno,
        is_async=isinstance(node, ast.AsyncFunctionDef),
        is_method=owner is not None,
        decorators=tuple(
            context.qualified(d.func if isinstance(d, ast.Call) else d) for d in node.decorator_list
        ),
        sessions=sessions,
        session_parameters=parameters,
        session_aliases=_aliases_used(node, context),
        opened=tuple(body.opened[n] for n in sessions if n in body.opened and n not in parameters),
        fixture=_fixture_of(node, context),
        depends_on=_depends_on(node, context),
        response_names=_response_names(node, context),
        overrides=_overrides(body, scope, context),
        provides_session=HANDED_OUT in sessions
        or any(isinstance(value, ast.Name) and value.id in sessions for value in body.yielded),
        session_io=_session_io(body, sessions, returned[1].roots if returned else ())
        or _paginated(body, sessions, context),
        opens_session=opens_session,
        calls=_calls(body, scope, context, values),
        references=_references(body, scope, context),
        parameters=tuple(a.arg for a in [*node.args.posonlyargs, *node.args.args]),
        session_obstacles=_session_obstacles(body, sessions, handoffs),
        bridges=bridges,
        unfollowed_methods=_unfollowed_methods(body, sessions, scope, context),
        returned_query=_builder(node, returned),
        query_parameter=_query_parameter(node, body, sessions, owner, context),
    )
    for statement in node.body:
        yield from _nested_facts(statement, name, context, sessions)


FIXTURE_DECORATORS = frozenset(
    {"pytest.fixture", "_pytest.fixtures.fixture", "pytest_asyncio.fixture"}
)


def _fixture_of(node: FunctionNode, context: ModuleContext) -> Fixture | None:
    """`@pytest.fixture(scope="module", name="db")`: requested as `db`, one per module."""
    for decorator in node.decorator_list:
        call = decorator if isinstance(decorator, ast.Call) else None
        if context.qualified(call.func if call else decorator) not in FIXTURE_DECORATORS:
            continue
        options = {k.arg: k.value for k in call.keywords if k.arg} if call else {}
        scope = options.get("scope")
        # a scope computed at run time may be any: plan for the widest
        return Fixture(
            _literal(options.get("name")) or node.name,
            (_literal(scope) or "session") if scope else "function",
        )
    return None


def response_model_of(node: FunctionNode) -> ast.expr | None:
    """`@router.get(..., response_model=X)`, else `-> X` of a route-decorated function."""
    routes = [
        d
        for d in node.decorator_list
        if isinstance(d, ast.Call)
        and isinstance(d.func, ast.Attribute)
        and d.func.attr in ROUTE_METHODS
    ]
    if not routes:
        return None
    for keyword in routes[0].keywords:
        if keyword.arg == "response_model":
            return keyword.value
    return node.returns


def _response_names(node: FunctionNode, context: ModuleContext) -> tuple[str, ...]:
    model = response_model_of(node)
    if model is None:
        return ()
    mentioned = [
        context.symbols.canonical(context.qualified(part))
        for part in ast.walk(model)
        if isinstance(part, ast.Name | ast.Attribute) and dotted(part)
    ]
    return tuple(dict.fromkeys(mentioned))


def _overrides(
    body: _BodyFacts, scope: _Scope, context: ModuleContext
) -> tuple[tuple[str, str], ...]:
    found = []
    for key, value in body.overrides:
        provider, override = _resolve(key, scope, context), _resolve(value, scope, context)
        if provider is not None and override is not None:
            found.append((provider, override))
    return tuple(found)


def _depends_on(node: FunctionNode, context: ModuleContext) -> tuple[str, ...]:
    found = []
    for argument, default in parameters_of(node):
        for part in [default, argument.annotation]:
            for call in ast.walk(part) if part is not None else ():
                if (
                    isinstance(call, ast.Call)
                    and call.args
                    and context.qualified(call.func) in DEPENDS_NAMES
                ):
                    found.append(context.symbols.canonical(context.qualified(call.args[0])))
    return tuple(dict.fromkeys(found))


def _literal(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _nested_facts(
    node: ast.AST, outer: str, context: ModuleContext, sessions: Mapping[str, SessionKind]
) -> Iterator[FunctionFacts]:
    """Functions defined inside a function body, at any depth of its statements."""
    if isinstance(node, FunctionNode):
        name = f"{outer}.<locals>.{node.name}"
        yield from _function_facts(node, name, None, context, sessions)
    elif not isinstance(node, ast.ClassDef):
        for child in holders_below(node):  # a def is a statement
            yield from _nested_facts(child, outer, context, sessions)


def _written(node: ast.expr, owner: str | None, context: ModuleContext) -> Written:
    """The description `shapes.shape_of` decides on, read from an ast expression."""
    if isinstance(node, ast.Call):
        return Written("call", (dotted(node.func) or "").rsplit(".", 1)[-1])
    qualified = frozenset({context.qualified(node)}) if dotted(node) else frozenset()
    if isinstance(node, ast.Name):
        return Written("name", node.id, qualified)
    if isinstance(node, ast.Attribute):
        receiver = node.value.id if isinstance(node.value, ast.Name) else ""
        held = receiver in ("self", "cls") and node.attr in (
            context.project.entity_attributes.get(owner or "", ())
        )
        written_owner = _written(node.value, owner, context)
        return Written("attribute", node.attr, qualified, written_owner, held)
    return Written("other")


def _builder(node: FunctionNode, returned: tuple[str, QueryValue] | None) -> ReturnedQuery | None:
    if returned is None:
        return None
    session, value = returned
    positional = [a.arg for a in [*node.args.posonlyargs, *node.args.args]]
    position = positional.index(session) if session in positional else -1  # keyword-only
    return ReturnedQuery(session, position, value.shapes, value.repeats)


def _query_parameter(
    node: FunctionNode,
    body: _BodyFacts,
    sessions: Mapping[str, SessionKind],
    owner: str | None,
    context: ModuleContext,
) -> QueryParameter | None:
    """A parameter read only as `p.filter(...).count()` and the like: a query handed in."""
    if node.decorator_list:
        return None  # a route, a property, a static method: not called like the others
    positional = [a.arg for a in [*node.args.posonlyargs, *node.args.args]]
    if owner is not None:
        positional = positional[1:]
    run = {
        name
        for name, method, _ in body.method_calls
        if method in EXECUTING | STATEMENT_METHODS.keys()
    }
    candidates = [p for p in positional if p in run and p not in sessions and p not in body.stores]
    if not candidates:
        return None
    return query_parameter(node, candidates, context.settings.session_names)


MODULE_CODE = "<module>"


def _main_guard_calls(statements: Sequence[ast.stmt]) -> Iterator[ast.Call]:
    """`main()` as a statement of its own in `if __name__ == "__main__":`: a script's entry
    point, which `asyncio.run(main())` can run once `main` is a coroutine."""
    for statement in statements:
        if not isinstance(statement, ast.If) or statement.orelse:
            continue
        test = statement.test
        if not (
            isinstance(test, ast.Compare)
            and isinstance(test.left, ast.Name)
            and test.left.id == "__name__"
            and len(test.comparators) == 1
            and isinstance(test.comparators[0], ast.Constant)
            and test.comparators[0].value == "__main__"
        ):
            continue
        for inner in statement.body:
            if isinstance(inner, ast.Expr) and isinstance(inner.value, ast.Call):
                yield inner.value


def _module_level(tree: ast.Module, context: ModuleContext) -> FunctionFacts:
    """The module's own statements, as a function that can never await."""
    statements = [n for n in tree.body if not isinstance(n, FunctionNode | ast.ClassDef)]
    reader = _BodyReader(context)
    for statement in statements:
        reader.visit(statement)
    body = reader.facts
    entry_points = {id(call) for call in _main_guard_calls(statements)}
    body.calls = [
        (call, awaited, "main" if id(call) in entry_points else where)
        for call, awaited, where in body.calls
    ]
    name = f"{context.module.name}.{MODULE_CODE}"
    scope = _Scope(name, None, frozenset(), frozenset())
    return FunctionFacts(
        name=name,
        relpath=context.relpath,
        line=1,
        is_async=False,
        is_method=False,
        decorators=(),
        sessions={},
        session_parameters=(),
        session_io=False,
        opens_session=False,
        calls=_calls(body, scope, context),
        references=_references(body, scope, context),
        overrides=_overrides(body, scope, context),
    )


def callers_of(
    functions: Iterable[FunctionFacts],
) -> dict[str, list[tuple[FunctionFacts, CallSite]]]:
    """Each called project function -> its callers, with the call sites."""
    callers: dict[str, list[tuple[FunctionFacts, CallSite]]] = {}
    for function in functions:
        for call in function.calls:
            callers.setdefault(call.callee, []).append((function, call))
    return callers


def module_facts(tree: ast.Module, context: ModuleContext) -> list[FunctionFacts]:
    facts: list[FunctionFacts] = [_module_level(tree, context)]
    for node in tree.body:
        if isinstance(node, FunctionNode):
            facts.extend(_function_facts(node, f"{context.module.name}.{node.name}", None, context))
        elif isinstance(node, ast.ClassDef):
            owner = f"{context.module.name}.{node.name}"
            for member in node.body:
                if isinstance(member, FunctionNode):
                    facts.extend(_function_facts(member, f"{owner}.{member.name}", owner, context))
    return facts


def module_context(
    tree: ast.Module, module: ModuleNameAndPackage, relpath: str, source: str, project: ProjectFacts
) -> ModuleContext:
    lines = source.split("\n")
    return ModuleContext(module, relpath, lines, imported_names(tree, module), project)
