"""Which pieces of the async session stack the project lacks, and where they go.

With `target = "async"`, dependencies become `Depends(get_async_db)` and factories
`AsyncSessionLocal()`: the names `[tool.sqla-async]` pairs with the sync ones. When the
project defines them, they are used as they are. When it does not, they are written
beside their sync twins (`write_async_stack`): the async factory next to each sync
sessionmaker that is bound to a `create_engine(...)` of its module, the async provider
next to each sync provider. The sync stack stays, for Alembic, scripts and whatever is
kept sync.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from libcst.helpers import ModuleNameAndPackage

from codemods.astnames import dotted
from codemods.async_plan import AsyncPlan
from codemods.callgraph import FunctionFacts
from codemods.pytest_links import is_test_module_name
from codemods.settings import SessionKind, Settings


@dataclass(frozen=True)
class AsyncStack:
    """Qualified sync name -> the async name to write beside it."""

    factories: Mapping[str, str] = field(default_factory=dict)  # SessionLocal
    providers: Mapping[str, str] = field(default_factory=dict)  # get_db
    # The async engine written beside each factory's twin, qualified ("app.db.async_engine").
    engines: Mapping[str, str] = field(default_factory=dict)
    # Factories whose engine URL is computed at run time: they need `async_database_url()`.
    computed_urls: frozenset[str] = frozenset()

    def url_helper_home(self) -> str | None:
        """The one module `async_database_url()` is written in; the others import it.
        An application module rather than a test module, when there is one."""
        modules = {name.rsplit(".", 1)[0] for name in self.computed_urls}
        ranked = sorted(modules, key=lambda m: (is_test_module_name(m), m))
        return ranked[0] if ranked else None

    def __bool__(self) -> bool:
        return bool(self.factories or self.providers)

    def names(self) -> set[str]:
        """The short names of the sync pieces, for a cheap test of a file's text."""
        return {name.rsplit(".", 1)[-1] for name in [*self.factories, *self.providers]}

    def modules(self) -> set[str]:
        """The modules that define the sync pieces."""
        return {name.rsplit(".", 1)[0] for name in [*self.factories, *self.providers]}


def engine_bound_factories(
    tree: ast.Module, module: ModuleNameAndPackage
) -> dict[str, tuple[str, bool]]:
    """`SessionLocal = sessionmaker(bind=engine)` with `engine = create_engine(...)` in the
    same module: the factories whose async twin can be written (same URL, same options),
    each with the engine it is bound to and whether that engine's URL is computed at run
    time (then the async one goes through `async_database_url()`)."""
    engines: dict[str, bool] = {}
    found: dict[str, tuple[str, bool]] = {}
    for node in tree.body:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1):
            continue
        target, value = node.targets[0], node.value
        if not (isinstance(target, ast.Name) and isinstance(value, ast.Call)):
            continue
        if (dotted(value.func) or "").rsplit(".", 1)[-1] == "create_engine":
            engines[target.id] = not _literal_url(value)
        elif bound := _bound_to(value) & set(engines):
            engine = sorted(bound)[0]
            found[f"{module.name}.{target.id}"] = (engine, engines[engine])
    return found


def _literal_url(create: ast.Call) -> bool:
    given = [k.value for k in create.keywords if k.arg == "url"] or create.args[:1]
    return bool(given) and isinstance(given[0], ast.Constant) and isinstance(given[0].value, str)


def _bound_to(maker: ast.Call) -> set[str]:
    named = [k.value for k in maker.keywords if k.arg == "bind"]
    given = named or maker.args[:1]
    return {v.id for v in given if isinstance(v, ast.Name)}


def missing_async_stack(
    settings: Settings,
    factories: Mapping[str, SessionKind],
    writable: Mapping[str, tuple[str, bool]],
    functions: Sequence[FunctionFacts],
) -> AsyncStack:
    if settings.target != "async":
        return AsyncStack()
    defined = {f.name.rsplit(".", 1)[-1] for f in functions if "<locals>" not in f.name}
    defined |= {name.rsplit(".", 1)[-1] for name, kind in factories.items() if kind == "async"}
    sync = [name for name, kind in factories.items() if kind == "sync" and name in writable]
    # A provider gets a twin written beside it only when it opens its session from one of
    # the project's sync factories (not `return request.state.db`: a session from elsewhere).
    project_factories = {name for name, kind in factories.items() if kind == "sync"}
    providers = [
        f.name
        for f in functions
        if _module_level(f)
        and f.opened
        and all(source in project_factories for _, source in f.opened)
    ]
    factory_twins = _twins(_factory_pairs(settings, sync), sync, defined)
    return AsyncStack(
        factory_twins,
        _twins(dict(settings.dependencies), providers, defined),
        {name: f"{name.rsplit('.', 1)[0]}.async_{writable[name][0]}" for name in factory_twins},
        frozenset(name for name in factory_twins if writable[name][1]),
    )


def _module_level(function: FunctionFacts) -> bool:
    return not function.is_method and "<locals>" not in function.name


def _twins(
    pairs: Mapping[str, str], candidates: Sequence[str], defined: set[str]
) -> dict[str, str]:
    """Each candidate the settings pair with an async name nobody defines yet."""
    found = {}
    for name in candidates:
        short = name.rsplit(".", 1)[-1]
        if short in pairs and pairs[short] not in defined:
            found[name] = pairs[short]
    return found


def _factory_pairs(settings: Settings, factories: Sequence[str]) -> dict[str, str]:
    """Short name of each sync factory -> its async twin's (`Settings.async_factory_name`)."""
    shorts = {name.rsplit(".", 1)[-1] for name in factories}
    return {short: settings.async_factory_name(short) for short in shorts}


def session_twins(
    settings: Settings,
    factories: Mapping[str, SessionKind],
    functions: Sequence[FunctionFacts],
    stack: AsyncStack,
) -> dict[str, str]:
    """Sync factory or provider -> its async twin in the same module, qualified, for those
    that have one (defined by the project, or written by this run): code that opens a
    session from the one can open it from the other."""
    if settings.target != "async":
        return {}
    twins: dict[str, str] = {}
    defined = {f.name for f in functions if _module_level(f)}
    async_factories = {name for name, kind in factories.items() if kind == "async"}
    sync_factories = [n for n, k in factories.items() if k == "sync"]
    for paired, sync_names, existing, written in (
        (
            _factory_pairs(settings, sync_factories),
            sync_factories,
            async_factories,
            stack.factories,
        ),
        (dict(settings.dependencies), sorted(defined), defined, stack.providers),
    ):
        for name in sync_names:
            module, _, short = name.rpartition(".")
            twin = f"{module}.{paired[short]}" if short in paired else ""
            if twin and (twin in existing or name in written):
                twins[name] = twin
    return twins


def needed_stack(
    stack: AsyncStack, plan: AsyncPlan, functions: Sequence[FunctionFacts]
) -> AsyncStack:
    """The part of the missing stack the migrated code uses: a provider its functions
    depend on or open, a factory they or those providers open sessions from."""
    migrated = set(plan.becomes_async) | set(plan.async_sessions)
    opened = {source for f in functions if f.name in migrated for _, source in f.opened}
    depended = {p for f in functions if f.name in migrated for p in f.depends_on}
    providers = {
        name: twin
        for name, twin in stack.providers.items()
        if name in opened or name in depended or plan.async_aliases
    }
    opened |= {source for f in functions if f.name in providers for _, source in f.opened}
    factories = {name: twin for name, twin in stack.factories.items() if name in opened}
    engines = {name: engine for name, engine in stack.engines.items() if name in factories}
    return AsyncStack(factories, providers, engines, stack.computed_urls & set(factories))
