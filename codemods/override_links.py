"""Dependency overrides as edges of the project's call graph.

    app.dependency_overrides[get_db] = override_get_db

From then on every path operation that depends on `get_db` receives the session
`override_get_db` yields, as pytest hands a test its fixture's session
(`pytest_links.py`). So each of those functions gets an edge to the override: once they
await, the override must hand out an AsyncSession too (it joins the async set, and
`swap_dependency_overrides` keys it on `get_async_db`), and an override that cannot
become async keeps them sync, with the reason.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from codemods.callgraph import CallSite, FunctionFacts


def link_overrides(functions: Sequence[FunctionFacts]) -> tuple[FunctionFacts, ...]:
    by_name = {f.name: f for f in functions}
    overridden: dict[str, set[str]] = {}  # provider -> the overrides handing out sessions
    for function in functions:
        for provider, override in function.overrides:
            replacement = by_name.get(override)
            if replacement is not None and replacement.provides_session:
                overridden.setdefault(provider, set()).add(override)
    return tuple(_linked(f, overridden) for f in functions)


def _linked(function: FunctionFacts, overridden: dict[str, set[str]]) -> FunctionFacts:
    overrides = sorted({o for p in function.depends_on for o in overridden.get(p, ())})
    if not overrides:
        return function
    # not calls: FastAPI calls the override, nothing in the code awaits it
    edges = tuple(
        CallSite(o, function.line, -1, True, "override", False, (), ()) for o in overrides
    )
    return dataclasses.replace(function, calls=function.calls + edges)
