"""The project-wide index, built in one cheap pass with the stdlib `ast` parser.

Per-file transforms only see one module; the index tells them what the rest of the
project defines. It is built once per run, over every file of the project (also when
only some files are migrated), and shipped to worker processes once.

What it holds today: each file's path below its source root (its dotted module name),
the module-level `Annotated` aliases of a session type (`SessionDep = Annotated[Session,
Depends(get_db)]`), so a parameter annotated with an alias imported from another module
is still a session, and the module-level session factories (`SessionLocal =
sessionmaker(...)`), so `db = SessionLocal()` anywhere in the project is a session, and
the mapped classes (`models_index`), which the query rewrite needs to prove equivalence.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from libcst.helpers import ModuleNameAndPackage, calculate_module_and_package

from codemods.astnames import imported_names, qualify, walk_statements
from codemods.async_plan import AsyncPlan, plan_async
from codemods.async_stack import (
    AsyncStack,
    engine_bound_factories,
    missing_async_stack,
    needed_stack,
    session_twins,
)
from codemods.callgraph import (
    FunctionFacts,
    ProjectFacts,
    module_context,
    module_facts,
)
from codemods.class_index import ClassAttributes, class_attributes, resolve_entity_attributes
from codemods.entry_points import entry_points
from codemods.models_index import (
    ClassCandidate,
    Model,
    lazy_relationship_names,
    model_candidates,
    resolve_models,
)
from codemods.override_links import link_overrides
from codemods.pytest_links import link_fixtures, unittest_methods
from codemods.pytest_setup import PytestSetup, pytest_setup
from codemods.query_flow import QueryReceiver, ReturnedQuery
from codemods.query_receivers import query_receivers
from codemods.schemas_index import (
    SchemaCandidate,
    Schemas,
    relational_responses,
    resolve_schemas,
    response_loaders,
    schema_candidates,
)
from codemods.session_api import ANNOTATED_NAMES
from codemods.session_attributes import ClassSessions, class_sessions, resolve_class_sessions
from codemods.settings import SessionKind, Settings
from codemods.symbols import SymbolTable, build_symbols

SESSION_FACTORY_MAKERS: Mapping[str, SessionKind] = {
    "sqlalchemy.orm.sessionmaker": "sync",
    "sqlalchemy.orm.session.sessionmaker": "sync",
    "sqlalchemy.orm.scoped_session": "sync",
    "sqlalchemy.orm.scoping.scoped_session": "sync",
    "sqlalchemy.ext.asyncio.async_sessionmaker": "async",
    "sqlalchemy.ext.asyncio.session.async_sessionmaker": "async",
    "sqlalchemy.ext.asyncio.async_scoped_session": "async",
    "sqlalchemy.ext.asyncio.scoping.async_scoped_session": "async",
}


@dataclass(frozen=True)
class ProjectIndex:
    # relpath below the project root -> path below its source root ("app/api/deps.py"),
    # which is what names the module (`Tracking.module_naming`).
    import_paths: Mapping[str, str] = field(default_factory=dict)
    # "app.deps.SessionDep" -> kind, for `SessionDep = Annotated[Session, ...]`.
    session_aliases: Mapping[str, SessionKind] = field(default_factory=dict)
    # "app.database.SessionLocal" -> kind, for `SessionLocal = sessionmaker(...)`.
    session_factories: Mapping[str, SessionKind] = field(default_factory=dict)
    # "app.models.User" -> its keys, unique columns and relationships.
    models: Mapping[str, Model] = field(default_factory=dict)
    # Every module the project defines, dotted.
    module_names: frozenset[str] = frozenset()
    # "app.crud.base.CRUDBase" -> attributes holding a mapped class (`self.model`).
    entity_attributes: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # Which functions become coroutines, which calls are awaited, what stays sync and why.
    async_plan: AsyncPlan = field(default_factory=AsyncPlan)
    # Every function's call-graph facts, to plan again.
    functions: tuple[FunctionFacts, ...] = ()
    symbols: SymbolTable = field(default_factory=SymbolTable)
    # Functions that return an unexecuted query ("builders") whose callers can run the
    # `select()` they will return instead.
    query_builders: Mapping[str, ReturnedQuery] = field(default_factory=dict)
    # Functions that run the query their callers hand them ("receivers", `paginate`).
    query_receivers: Mapping[str, QueryReceiver] = field(default_factory=dict)
    # "app.repos.UserRepository" -> {"db": "sync"}: sessions a class keeps on `self`.
    session_attributes: Mapping[str, Mapping[str, SessionKind]] = field(default_factory=dict)
    # The async factory and provider to write beside the sync ones, when the project lacks them.
    async_stack: AsyncStack = field(default_factory=AsyncStack)
    # Sync factory or provider -> its async twin (existing or written), qualified.
    session_twins: Mapping[str, str] = field(default_factory=dict)
    # The plugin that runs async tests (pytest-asyncio or anyio) and its configuration.
    pytest: PytestSetup = field(default_factory=PytestSetup)
    # The project's Pydantic schemas that read relationships.
    schemas: Schemas = field(default_factory=Schemas)
    # Functions that can never be coroutines whatever a run finds (unittest methods), and why.
    always_blocked: Mapping[str, str] = field(default_factory=dict)
    # Project functions `keep-sync` lists: they stay sync, their callers use `run_sync`.
    keep_sync: frozenset[str] = frozenset()
    # What the functions were read against (to read a file's functions again, as changed).
    project: ProjectFacts | None = None

    @cached_property
    def _functions_by_name(self) -> dict[str, FunctionFacts]:
        return {f.name: f for f in self.functions}

    def function(self, name: str) -> FunctionFacts | None:
        return self._functions_by_name.get(name)

    @cached_property
    def written_stack(self) -> AsyncStack:
        """The pieces of the missing async stack the migrated code uses (`needed_stack`)."""
        return needed_stack(self.async_stack, self.async_plan, self.functions)

    @cached_property
    def entry_points(self) -> dict[str, str]:
        """Path operations, dependencies and background tasks -> which (`entry_points.py`)."""
        return entry_points(self.functions)

    @cached_property
    def db_io_functions(self) -> frozenset[str]:
        """Functions the async plan found doing session I/O, or calling one that does:
        those it makes coroutines and those it keeps sync."""
        plan = self.async_plan
        return frozenset(plan.becomes_async) | frozenset(plan.kept_sync)

    @cached_property
    def lazy_relationships(self) -> frozenset[str]:
        """Names of relationships that load on first read, in any model."""
        return lazy_relationship_names(self.models)

    @cached_property
    def files_with_io_entry_points(self) -> frozenset[str]:
        """Files defining a path operation, dependency or background task doing DB I/O."""
        io, entries = self.db_io_functions, self.entry_points
        return frozenset(f.relpath for f in self.functions if f.name in io and f.name in entries)

    @cached_property
    def files_with_coroutines(self) -> frozenset[str]:
        """Files defining an `async def` (as the project was indexed)."""
        return frozenset(f.relpath for f in self.functions if f.is_async)

    @cached_property
    def converted_files(self) -> frozenset[str]:
        """Files holding a function the async plan turns into a coroutine."""
        converted = self.async_plan.becomes_async
        return frozenset(f.relpath for f in self.functions if f.name in converted)

    @cached_property
    def converted_short_names(self) -> frozenset[str]:
        """The names the functions the async plan converts are defined under (`def name`)."""
        return frozenset(name.rsplit(".", 1)[-1] for name in self.async_plan.becomes_async)

    @cached_property
    def response_loaders(self) -> dict[str, str]:
        """Path operations that must load what their response model reads -> the module
        of the loader they call (beside the async provider they depend on)."""
        if self.async_plan == AsyncPlan():
            return {}
        return response_loaders(self.functions, self.schemas, self.async_plan, self.session_twins)

    @cached_property
    def planned_files(self) -> frozenset[str]:
        """Files holding a function the async plan converts, keeps sync, or gives an
        AsyncSession: the only files where a session the plan makes async is used."""
        planned = self.db_io_functions | frozenset(self.async_plan.async_sessions)
        return frozenset(f.relpath for f in self.functions if f.name in planned)

    def module_naming_of(self, relpath: str) -> ModuleNameAndPackage:
        """The dotted name and package of the module at `relpath`."""
        return module_of(self.import_path_of(relpath))

    def module_name_of(self, relpath: str) -> str:
        return self.module_naming_of(relpath).name

    def functions_in(self, relpath: str, source: str) -> Sequence[FunctionFacts]:
        """The functions of `source`, the text of the file at `relpath` as it is now: after
        a migration, calls sit on other lines and converted functions are coroutines. Read
        as the index read them, less the calls it linked across files (fixtures, overrides)."""
        if self.project is None:
            return [f for f in self.functions if f.relpath == relpath]
        tree = ast.parse(source)
        module = self.module_naming_of(relpath)
        return module_facts(tree, module_context(tree, module, relpath, source, self.project))

    def import_path_of(self, relpath: str) -> str:
        fallback = relpath if relpath.endswith(".py") else "module.py"
        return self.import_paths.get(relpath, fallback)


def sync_providers(functions: Iterable[FunctionFacts], settings: Settings) -> frozenset[str]:
    """The project's functions named as sync session dependencies (`get_db`)."""
    return frozenset(
        f.name for f in functions if settings.provider_kind(f.name.rsplit(".", 1)[-1]) == "sync"
    )


def source_root(path: Path, root: Path, imported: Collection[str] = ()) -> Path:
    """The folder imports are rooted at: the first ancestor that is not a package, unless
    the project's imports say otherwise. A folder without `__init__.py` may be a namespace
    package (`api/` holding `api/v1/`, imported as `api.v1...`): then the root is the
    highest ancestor whose child on the way to `path` is a name the project imports."""
    folder = path.parent
    while folder != root and (folder / "__init__.py").is_file() and folder.parent != folder:
        folder = folder.parent
    if not imported or _first_part(path, folder) in imported:
        return folder
    above = [folder, *folder.parents]
    for candidate in reversed(above[: above.index(root) + 1] if root in above else []):
        if _first_part(path, candidate) in imported:
            return candidate
    return folder


def _first_part(path: Path, folder: Path) -> str:
    first = path.relative_to(folder).parts[0]
    return first.removesuffix(".py")


def import_path(path: Path, root: Path, imported: Collection[str] = ()) -> str:
    return path.relative_to(source_root(path, root, imported)).as_posix()


def imported_packages(trees: Iterable[ast.Module]) -> frozenset[str]:
    """The first part of every absolute import (`api` of `from api.v1 import x`)."""
    found: set[str] = set()
    for tree in trees:
        for node in walk_statements(tree):  # an import is a statement
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".", 1)[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".", 1)[0])
    return frozenset(found)


def module_of(import_path: str) -> ModuleNameAndPackage:
    return calculate_module_and_package(".", import_path)


def _alias_targets(node: ast.stmt) -> tuple[str, ast.expr] | None:
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target, value = node.targets[0], node.value
    elif isinstance(node, ast.AnnAssign) and node.value is not None:
        target, value = node.target, node.value
    else:
        return None
    return (target.id, value) if isinstance(target, ast.Name) else None


def _alias_kind(
    value: ast.expr, imported: Mapping[str, str], settings: Settings
) -> SessionKind | None:
    """The session kind `Annotated[Session, ...]` stands for."""
    if (
        not isinstance(value, ast.Subscript)
        or qualify(value.value, imported) not in ANNOTATED_NAMES
    ):
        return None
    arguments = value.slice.elts if isinstance(value.slice, ast.Tuple) else [value.slice]
    return settings.session_kind_of_type(qualify(arguments[0], imported) or "")


def _factory_kind(
    value: ast.expr, imported: Mapping[str, str], settings: Settings
) -> SessionKind | None:
    """The kind of session `sessionmaker(...)` and its relatives make when called."""
    if not isinstance(value, ast.Call):
        return None
    kind = SESSION_FACTORY_MAKERS.get(qualify(value.func, imported) or "")
    for keyword in value.keywords:  # sessionmaker(class_=AsyncSession) makes async ones
        if keyword.arg == "class_":
            kind = settings.session_kind_of_type(qualify(keyword.value, imported) or "") or kind
    return kind


def session_names_of(
    tree: ast.Module, module: ModuleNameAndPackage, settings: Settings
) -> tuple[dict[str, SessionKind], dict[str, SessionKind]]:
    """Module-level session aliases and session factories, by qualified name."""
    imported = imported_names(tree, module)
    aliases: dict[str, SessionKind] = {}
    factories: dict[str, SessionKind] = {}
    for node in tree.body:
        target = _alias_targets(node)
        if target is None:
            continue
        name, value = target
        if (kind := _alias_kind(value, imported, settings)) is not None:
            aliases[f"{module.name}.{name}"] = kind
        elif (kind := _factory_kind(value, imported, settings)) is not None:
            factories[f"{module.name}.{name}"] = kind
    return aliases, factories


def _functions(
    parsed: Sequence[tuple[str, Path, ast.Module]],
    import_paths: Mapping[str, str],
    sources: Mapping[str, str],
    project: ProjectFacts,
) -> tuple[tuple[FunctionFacts, ...], ClassSessions]:
    """The call-graph facts of every function in the project, and the sessions each
    class keeps on `self`."""
    functions: list[FunctionFacts] = []
    held: ClassSessions = {}
    for relpath, _, tree in parsed:
        module = module_of(import_paths[relpath])
        context = module_context(tree, module, relpath, sources.get(relpath, ""), project)
        functions.extend(module_facts(tree, context))
        held.update(class_sessions(tree, context))
    return tuple(functions), held


def _query_builders(functions: Sequence[FunctionFacts]) -> dict[str, ReturnedQuery]:
    """Functions returning an unexecuted query that the project calls, and only calls:
    their callers can run the `select()` they will return. One nobody in the project
    calls may serve code outside it, which expects a Query: it is left alone."""
    called = {call.callee for f in functions for call in f.calls}
    mentioned = {reference.target for f in functions for reference in f.references}
    return {
        f.name: f.returned_query
        for f in functions
        if f.returned_query is not None and f.name in called and f.name not in mentioned
    }


def build_index(
    parsed: Iterable[tuple[str, Path, ast.Module]],
    root: Path,
    settings: Settings,
    sources: Mapping[str, str] | None = None,
) -> ProjectIndex:
    """Index every parsed module: `(relpath, absolute path, ast tree)` triples.

    `sources` (relpath -> text) lets call positions count characters, not UTF-8 bytes,
    on lines with non-ASCII text; without it positions are exact on ASCII lines.
    """
    parsed = list(parsed)
    import_paths: dict[str, str] = {}
    aliases: dict[str, SessionKind] = {}
    factories: dict[str, SessionKind] = {}
    classes: list[ClassCandidate] = []
    schema_classes: list[SchemaCandidate] = []
    attributes: list[ClassAttributes] = []
    # Sync factories whose async twin can be written -> (engine, URL computed at run time).
    writable: dict[str, tuple[str, bool]] = {}
    imported = imported_packages(tree for _, _, tree in parsed)
    for relpath, path, tree in parsed:
        import_paths[relpath] = import_path(path, root, imported)
        module = module_of(import_paths[relpath])
        module_aliases, module_factories = session_names_of(tree, module, settings)
        aliases.update(module_aliases)
        factories.update(module_factories)
        classes.extend(model_candidates(tree, module))
        schema_classes.extend(schema_candidates(tree, module))
        writable.update(engine_bound_factories(tree, module))
        attributes.extend(class_attributes(tree, module))
    modules = frozenset(module_of(path).name for path in import_paths.values())
    models = resolve_models(classes)
    entity_attributes = resolve_entity_attributes(attributes)
    symbols = build_symbols((tree, module_of(import_paths[rel])) for rel, _, tree in parsed)
    project = ProjectFacts(
        symbols, settings, aliases, factories, models, modules, entity_attributes
    )
    functions, held = _functions(parsed, import_paths, sources or {}, project)
    pytest = pytest_setup(root, functions)
    functions = link_overrides(link_fixtures(functions, pytest.anyio))
    builders = _query_builders(functions)
    receivers = query_receivers(functions, builders)
    stack = missing_async_stack(settings, factories, writable, functions)
    twins = session_twins(settings, factories, functions, stack)
    bases = {name: symbol.bases for name, symbol in symbols.classes.items()}
    always_blocked = unittest_methods(functions, bases)
    keep_sync = frozenset(f.name for f in functions if settings.keeps_sync(f.name))
    schemas = resolve_schemas(schema_classes, models)
    plan = (
        plan_async(
            functions,
            always_blocked,
            builders,
            receivers,
            twins,
            keep_sync,
            relational_responses(functions, schemas),
            sync_providers(functions, settings),
        )
        if settings.target == "async"
        else AsyncPlan()
    )
    return ProjectIndex(
        import_paths,
        aliases,
        factories,
        models,
        modules,
        entity_attributes,
        plan,
        functions,
        symbols,
        builders,
        receivers,
        resolve_class_sessions(attributes, held),
        stack,
        twins,
        pytest,
        schemas,
        always_blocked,
        keep_sync,
        project,
    )
