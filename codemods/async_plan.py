"""Which functions become `async def`, which calls get `await`, and what stays sync, why.

The async set is a fixpoint over the project's call graph (`callgraph.py`): a function
that does session I/O becomes async, and so does every function that calls one. Its
sync sessions become AsyncSession. FastAPI runs path operations, dependencies and
background tasks that are coroutines natively, so a reference to a function through
a route decorator, `Depends(f)` or `add_task(f)` is fine.

Some functions cannot become coroutines (`__init__`, properties, module-level code,
a call inside a lambda, a function handed out as a plain callback, a session used
through an API AsyncSession lacks or handed to code outside the project, a session
opened in place). Sessions flow along calls, so such a function keeps every function it
is connected to through async calls sync as well; each is reported with the reason.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from codemods.callgraph import (
    FIXTURE_DECORATORS,
    MODULE_CODE,
    CallSite,
    FunctionFacts,
    callers_of,
)
from codemods.entry_points import PATH_OPERATION_DECORATORS, is_route_decorator
from codemods.query_flow import QueryReceiver
from codemods.session_api import THREADPOOL_RUNNERS

# Decorators that keep working when the function becomes a coroutine.
ROUTE_DECORATOR_METHODS = PATH_OPERATION_DECORATORS | {
    "route",
    "exception_handler",
    "middleware",
    "on_event",
}
SAFE_DECORATORS = frozenset(
    {
        "staticmethod",
        "classmethod",
        "typing.overload",
        "abc.abstractmethod",
        "tenacity.retry",  # retries coroutine functions with AsyncRetrying
        *FIXTURE_DECORATORS,  # `mark_async_tests` makes them async fixtures
    }
)
# Edges that are not calls: a pytest fixture a function requests, a dependency override
# FastAPI hands it instead of its dependency; the supplier of a session must match.
INJECTED = frozenset({"fixture", "override"})
# `@pytest.mark.parametrize(...)`, `@pytest.mark.slow`: marks apply to async tests too.
SAFE_DECORATOR_PREFIXES = ("pytest.mark.",)
# Calls that take a function and run it themselves, coroutine or not.
RUNNERS = frozenset(
    {
        "fastapi.Depends",
        "fastapi.params.Depends",
        "fastapi.Security",
        "fastapi.params.Security",
        "add_task",
        "add_api_route",
        "add_api_websocket_route",
        "add_exception_handler",
        "add_event_handler",
        "dependency_overrides",  # `app.dependency_overrides[get_db] = override_get_db`
        *THREADPOOL_RUNNERS,
    }
)


@dataclass(frozen=True)
class AsyncPlan:
    becomes_async: frozenset[str] = frozenset()  # `def` that turn into `async def`
    async_sessions: Mapping[str, frozenset[str]] = field(default_factory=dict)  # per function
    awaited_calls: Mapping[str, frozenset[tuple[int, int]]] = field(default_factory=dict)
    kept_sync: Mapping[str, str] = field(default_factory=dict)  # function -> why
    # `SessionDep = Annotated[Session, Depends(get_db)]` aliases rewritten at their definition.
    async_aliases: frozenset[str] = frozenset()
    # `run_in_threadpool(f, ...)` calls to unwrap (`f` became a coroutine), per file.
    unwrapped_calls: Mapping[str, frozenset[tuple[int, int]]] = field(default_factory=dict)

    # `main()` in `if __name__ == "__main__":`, to run as `asyncio.run(main())`, per file.
    run_calls: Mapping[str, frozenset[tuple[int, int]]] = field(default_factory=dict)
    # Calls handing a session to a helper that stays sync, made `await s.run_sync(...)`,
    # per file: (line, the callee as written, the session).
    bridged_calls: Mapping[str, frozenset[tuple[int, str, str]]] = field(default_factory=dict)
    # Path operations without a session that return what a dependency loaded through one,
    # for a response model reading relationships -> the async provider they gain a
    # `Depends` on, to load those relationships through (`gaining_sessions`).
    gained_sessions: Mapping[str, str] = field(default_factory=dict)

    def bridges(self, relpath: str, line: int, written: str, session: str) -> bool:
        return (line, written, session) in self.bridged_calls.get(relpath, frozenset())

    def unwraps(self, relpath: str, line: int, column: int) -> bool:
        return (line, column) in self.unwrapped_calls.get(relpath, frozenset())

    def runs(self, relpath: str, line: int, column: int) -> bool:
        return (line, column) in self.run_calls.get(relpath, frozenset())

    def awaits(self, relpath: str, line: int, column: int) -> bool:
        return (line, column) in self.awaited_calls.get(relpath, frozenset())


def _decorator_blocks(decorator: str) -> bool:
    short = decorator.rsplit(".", 1)[-1]
    return (
        decorator not in SAFE_DECORATORS
        and short not in SAFE_DECORATORS
        and short not in ROUTE_DECORATOR_METHODS
        and not decorator.startswith(SAFE_DECORATOR_PREFIXES)
    )


def _why_never_async(
    function: FunctionFacts, twins: Collection[str] = (), sync_providers: Collection[str] = ()
) -> str | None:
    short = function.name.rsplit(".", 1)[-1]
    if short == MODULE_CODE:
        return "module-level code cannot await"
    if short.startswith("__") and short.endswith("__"):
        return f"`{short}` cannot be a coroutine"
    blocking = [d for d in function.decorators if _decorator_blocks(d)]
    if blocking:
        return f"decorated with `@{blocking[0]}`, which may not accept a coroutine"
    untwinned = [source for how, source in function.opened if how == "other" or source not in twins]
    if function.opens_session and (untwinned or not function.opened):
        opened = f"`{untwinned[0].rsplit('.', 1)[-1]}`" if untwinned and untwinned[0] else "it"
        return f"opens its own session from {opened}, which has no async twin to open instead"
    if function.session_obstacles:
        return function.session_obstacles[0]
    # `Depends(get_db)` where `get_db` hands out a session it did not open (a middleware's
    # `request.state.db`): no async twin is written, and none can be depended on instead.
    untwinned = [p for p in function.depends_on if p in sync_providers and p not in twins]
    if untwinned:
        short = untwinned[0].rsplit(".", 1)[-1]
        return f"depends on `{short}`, which has no async twin to depend on instead"
    return None


def _called_dynamically(
    members: Collection[str], by_name: Mapping[str, FunctionFacts]
) -> dict[str, str]:
    """Methods that may be the callee of a call handing a session to an object the index
    cannot follow (`plugin.validate(db, ...)`): by their name, they stay sync, or the
    caller would get a coroutine (a sync caller, or `run_sync` bridging the call)."""
    dynamic: dict[str, str] = {}
    for function in by_name.values():
        for written in function.unfollowed_methods:
            dynamic.setdefault(written.rsplit(".", 1)[-1], written)
    by_short = {name: name.rsplit(".", 1)[-1] for name in members}
    return {
        name: f"may be what `{dynamic[short]}(...)` calls, which the tool cannot follow"
        for name, short in by_short.items()
        if short in dynamic and name in by_name and by_name[name].is_method
    }


def _runs_or_keys(via: str) -> bool:
    """Whether handing a function to `via` keeps it a coroutine-safe reference: FastAPI
    and the threadpool run it, and `app.dependency_overrides.get(get_db)` (or `.pop`)
    only looks it up as a key."""
    parts = via.split(".")
    return parts[-1] in RUNNERS or via in RUNNERS or "dependency_overrides" in parts[:-1]


def _seeds(
    functions: Iterable[FunctionFacts],
    builders: Collection[str],
    receivers: Mapping[str, QueryReceiver],
    twins: Collection[str],
) -> set[str]:
    """Functions that do session I/O on a sync session, run a builder's query, or run the
    query their callers hand them (receivers). A provider with an async twin (`get_db`
    beside `get_async_db`) stays as it is: the twin serves the coroutines."""
    return {
        f.name
        for f in functions
        if f.name in receivers
        or (
            f.name not in twins
            and any(kind == "sync" for kind in f.sessions.values())
            and (f.session_io or f.bridges or any(call.callee in builders for call in f.calls))
        )
    }


def _grow(
    seeds: set[str],
    callers: Mapping[str, list[tuple[FunctionFacts, CallSite]]],
    by_name: Mapping[str, FunctionFacts],
    keep_sync: Collection[str] = (),
) -> set[str]:
    """Every function that calls (transitively) a function of the set joins it, and so
    does every fixture or dependency override that hands a session to one (it must hand
    out an AsyncSession). Functions listed in `keep-sync` never join."""
    found = set(seeds) - set(keep_sync)
    pending = list(found)
    while pending:
        name = pending.pop()
        joining = [
            caller.name
            for caller, call in callers.get(name, [])
            if call.where != "main"  # a script's entry point: `asyncio.run()` runs it
            and caller.name not in keep_sync
        ]
        member = by_name.get(name)
        for call in member.calls if member else ():
            supplier = by_name.get(call.callee)
            if call.where in INJECTED and supplier and supplier.provides_session:
                joining.append(supplier.name)
        for joined in joining:
            if joined not in found:
                found.add(joined)
                pending.append(joined)
    return found


class _Components:
    """Union-find over functions joined by calls within the async set."""

    def __init__(self) -> None:
        self._parent: dict[str, str] = {}

    def find(self, name: str) -> str:
        self._parent.setdefault(name, name)
        while self._parent[name] != name:
            self._parent[name] = self._parent[self._parent[name]]
            name = self._parent[name]
        return name

    def join(self, a: str, b: str) -> None:
        self._parent[self.find(a)] = self.find(b)


def _session_argument_problem(
    caller: FunctionFacts, call: CallSite, callee: FunctionFacts
) -> str | None:
    """The callee's session must arrive as one of the caller's sessions."""
    parameters = (
        callee.parameters[1:] if callee.is_method and call.through_instance else callee.parameters
    )
    passed = dict(zip(parameters, call.positional, strict=False))
    passed.update(dict(call.keywords))
    for parameter in callee.session_parameters:
        if parameter in passed and passed[parameter] not in caller.sessions:
            return f"`{caller.name}` passes `{callee.name}` a session it does not know to be one"
    return None


def _blocked(
    members: set[str],
    by_name: Mapping[str, FunctionFacts],
    callers: Mapping[str, list[tuple[FunctionFacts, CallSite]]],
    references: Mapping[str, list[tuple[FunctionFacts, str]]],
    twins: Collection[str],
    sync_providers: Collection[str] = (),
) -> dict[str, str]:
    """Why each function that cannot join the async set cannot: its own reason first."""
    reasons: dict[str, list[str]] = {}
    for name in sorted(members):
        function = by_name[name]
        own = _why_never_async(function, twins, sync_providers)
        if own is not None:
            reasons.setdefault(name, []).insert(0, own)
        for holder, via in references.get(name, []):
            if not _runs_or_keys(via):
                reasons.setdefault(name, []).append(f"used as a plain callback in `{holder.name}`")
        for caller, call in callers.get(name, []):
            found = reasons.setdefault(caller.name, [])
            if call.where != "body" and not call.awaited:
                found.append(f"calls `{name}` inside a {call.where}, where it cannot await")
            problem = _session_argument_problem(caller, call, function)
            if problem is not None:
                found.append(problem)
    return {name: found[0] for name, found in reasons.items() if found}


def _alias_blocked(members: set[str], functions: Sequence[FunctionFacts]) -> dict[str, str]:
    """An alias used by a function whose session cannot become AsyncSession stays sync,
    for every function annotated with it (its definition is shared)."""
    stuck: dict[str, str] = {}
    for function in functions:
        for alias in function.session_aliases if function.session_obstacles else ():
            stuck.setdefault(alias, f"`{function.name}`: {function.session_obstacles[0]}")
    blocked = {}
    for function in functions:
        aliases = [alias for alias in function.session_aliases if alias in stuck]
        if function.name in members and aliases:
            short = aliases[0].rsplit(".", 1)[-1]
            blocked[function.name] = f"annotated with `{short}`, also used by {stuck[aliases[0]]}"
    return blocked


def plan_async(
    functions: Sequence[FunctionFacts],
    also_blocked: Mapping[str, str] | None = None,
    builders: Collection[str] = (),
    receivers: Mapping[str, QueryReceiver] | None = None,
    twins: Mapping[str, str] | None = None,
    keep_sync: Collection[str] = (),
    relational_responses: Collection[str] = (),
    sync_providers: Collection[str] = (),
) -> AsyncPlan:
    """The plan; `also_blocked` adds functions a migration pass found must stay sync;
    calling a query builder runs its query (once migrated): session I/O for the caller;
    a receiver runs the query it is handed on its session (perhaps one it gains); `twins`
    are the factories and providers a session may be opened from once async; `keep_sync`
    the project functions listed in `keep-sync` (their callers bridge with `run_sync`);
    `relational_responses` the functions whose response model reads relationships;
    `sync_providers` the project's sync session dependencies (`get_db`), by qualified name."""
    receivers = receivers or {}
    twins = twins or {}
    by_name = {f.name: f for f in functions}
    callers = callers_of(functions)
    references: dict[str, list[tuple[FunctionFacts, str]]] = {}
    for function in functions:
        for reference in function.references:
            references.setdefault(reference.target, []).append((function, reference.via))
    seeds = _seeds(functions, builders, receivers, twins)
    members = _grow(seeds, callers, by_name, keep_sync) & set(by_name)
    components = _Components()
    for name in members:
        for caller, call in callers.get(name, []):
            if caller.name in members and call.where != "main":
                components.join(caller.name, name)
    # An alias rewritten at its definition changes every function annotated with it.
    sharing: dict[str, str] = {}
    for name in sorted(members):
        for alias in by_name[name].session_aliases:
            components.join(sharing.setdefault(alias, name), name)
    blocked = {  # what the caller knows comes last: it is the more fundamental reason
        **_alias_blocked(members, functions),
        **_blocked(members, by_name, callers, references, twins, sync_providers),
        **_called_by_kept_sync(members, by_name, keep_sync),
        **_called_dynamically(members, by_name),
        **(also_blocked or {}),
    }
    blocked = {name: reason for name, reason in blocked.items() if name in members}
    blocked_roots: dict[str, str] = {}
    for name in sorted(blocked):
        blocked_roots.setdefault(components.find(name), name)
    kept_sync: dict[str, str] = {}
    for name in sorted(members):
        root = components.find(name)
        if name in blocked:
            kept_sync[name] = blocked[name] + _needed_by(name, seeds, by_name)
        elif root in blocked_roots:
            cause = blocked_roots[root]
            kept_sync[name] = f"shares sessions with `{cause}`: {blocked[cause]}"
    final = members - set(kept_sync)
    for name in sorted(set(keep_sync) & set(by_name)):
        if name in seeds or any(call.callee in members for call in by_name[name].calls):
            kept_sync[name] = "listed in `keep-sync`; callers hand it their session with `run_sync`"
    plan = _plan_of(final, kept_sync, by_name, callers, receivers)
    plan = _with_builder_sessions(plan, builders, by_name, callers)
    return gaining_sessions(plan, by_name, twins, relational_responses)


def gaining_sessions(
    plan: AsyncPlan,
    by_name: Mapping[str, FunctionFacts],
    twins: Mapping[str, str],
    relational_responses: Collection[str],
) -> AsyncPlan:
    """`def read_order(order: Order = Depends(get_order_or_404))` returning the order a
    converted dependency loaded: sync, FastAPI serialises it after the path operation
    returns and lazy-loads `order.lines` then; on an AsyncSession that read raises
    MissingGreenlet. Such a path operation becomes a coroutine that gains
    `db: AsyncSession = Depends(get_async_db)`, the very session of the dependency
    (FastAPI runs a provider once per request and hands every `Depends` on it the same
    value), to load what its response model reads through."""
    gained: dict[str, str] = {}
    for name in sorted(relational_responses):
        function = by_name.get(name)
        if function is None or not _loads_through_a_dependency(function, plan):
            continue
        provider = _async_provider(function, by_name, twins, plan, set())
        if provider is not None:
            gained[name] = provider
    if not gained:
        return plan
    return replace(plan, becomes_async=plan.becomes_async | gained.keys(), gained_sessions=gained)


def _loads_through_a_dependency(function: FunctionFacts, plan: AsyncPlan) -> bool:
    """A sync path operation without a session of its own, left out of the plan, that
    depends on a function the plan converts."""
    return (
        not function.is_async
        and not function.sessions
        and function.name not in plan.becomes_async
        and function.name not in plan.kept_sync
        and any(is_route_decorator(decorator) for decorator in function.decorators)
        and any(name in plan.async_sessions for name in function.depends_on)
    )


def _async_provider(
    function: FunctionFacts,
    by_name: Mapping[str, FunctionFacts],
    twins: Mapping[str, str],
    plan: AsyncPlan,
    seen: set[str],
) -> str | None:
    """The async session provider (qualified) behind the first converted dependency,
    followed through the dependencies it depends on in turn."""
    providers = set(twins.values())
    for name in function.depends_on:
        if name in seen:
            continue
        seen.add(name)
        if name in twins:
            return twins[name]
        if name in providers:
            return name
        dependency = by_name.get(name)
        if dependency is not None and name in plan.async_sessions:
            found = _async_provider(dependency, by_name, twins, plan, seen)
            if found is not None:
                return found
    return None


def _called_by_kept_sync(
    members: set[str], by_name: Mapping[str, FunctionFacts], keep_sync: Collection[str]
) -> dict[str, str]:
    """A function `keep-sync` keeps sync calls without `await`: its callees stay sync."""
    blocked: dict[str, str] = {}
    for name in sorted(keep_sync):
        function = by_name.get(name)
        for call in function.calls if function else ():
            if call.callee in members:
                blocked.setdefault(call.callee, f"called by `{name}`, listed in `keep-sync`")
    return blocked


def _needed_by(name: str, seeds: Collection[str], by_name: Mapping[str, FunctionFacts]) -> str:
    """`; needed async by a -> b -> c, which does session I/O`: the shortest chain of
    calls from a function that must stay sync to one doing session I/O."""
    if name in seeds:
        return ""
    trail: dict[str, str | None] = {name: None}
    pending = [name]
    while pending:
        current = pending.pop(0)
        facts = by_name.get(current)
        for call in facts.calls if facts else ():
            if call.callee in trail or call.callee not in by_name:
                continue
            trail[call.callee] = current
            if call.callee in seeds:
                chain = [call.callee]
                while (step := trail[chain[-1]]) is not None:
                    chain.append(step)
                return f"; needed async by {' -> '.join(reversed(chain))}, which does session I/O"
            pending.append(call.callee)
    return ""


def _with_builder_sessions(
    plan: AsyncPlan,
    builders: Collection[str],
    by_name: Mapping[str, FunctionFacts],
    callers: Mapping[str, list[tuple[FunctionFacts, CallSite]]],
) -> AsyncPlan:
    """A query builder only builds a `select()` on the session it is handed: when every
    caller hands it one of their AsyncSessions, its parameter is one too (annotated so)."""
    sessions = dict(plan.async_sessions)
    for name in sorted(builders):
        facts, calls = by_name.get(name), callers.get(name, [])
        if facts is None or not calls or name in sessions:
            continue
        if all(caller.name in sessions for caller, _ in calls):
            parameters = frozenset(facts.session_parameters)
            if parameters:
                sessions[name] = parameters
    return replace(plan, async_sessions=sessions)


def _plan_of(
    final: set[str],
    kept_sync: dict[str, str],
    by_name: Mapping[str, FunctionFacts],
    callers: Mapping[str, list[tuple[FunctionFacts, CallSite]]],
    receivers: Mapping[str, QueryReceiver],
) -> AsyncPlan:
    becomes_async = frozenset(name for name in final if not by_name[name].is_async)
    awaited: dict[str, set[tuple[int, int]]] = {}
    unwrapped: dict[str, set[tuple[int, int]]] = {}
    run: dict[str, set[tuple[int, int]]] = {}
    for name in becomes_async:
        for caller, call in callers.get(name, []):
            if call.through_threadpool:
                unwrapped.setdefault(caller.relpath, set()).add((call.line, call.column))
            elif call.where == "main":
                run.setdefault(caller.relpath, set()).add((call.line, call.column))
            elif not call.awaited:
                awaited.setdefault(caller.relpath, set()).add((call.line, call.column))
    sessions = {
        name: frozenset(p for p, kind in by_name[name].sessions.items() if kind == "sync")
        | ({receivers[name].session} if name in receivers else set())
        for name in final
    }
    bridged: dict[str, set[tuple[int, str, str]]] = {}
    for name in final:
        function = by_name[name]
        for bridge in function.bridges:
            if bridge.session in sessions[name]:
                spot = (bridge.line, bridge.written, bridge.session)
                bridged.setdefault(function.relpath, set()).add(spot)
    return AsyncPlan(
        becomes_async,
        {name: names for name, names in sessions.items() if names},
        {relpath: frozenset(positions) for relpath, positions in awaited.items()},
        kept_sync,
        frozenset(alias for name in final for alias in by_name[name].session_aliases),
        {relpath: frozenset(positions) for relpath, positions in unwrapped.items()},
        {relpath: frozenset(positions) for relpath, positions in run.items()},
        {relpath: frozenset(spots) for relpath, spots in bridged.items()},
    )
