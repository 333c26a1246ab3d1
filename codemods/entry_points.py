"""The functions FastAPI calls itself: path operations, dependencies, background tasks.

These are where a sync `def` doing DB I/O costs the most: FastAPI runs each one in a
worker thread of a small pool, and a blocking query there holds the thread (and, for a
`def` dependency of an `async def` path operation, the request) until it returns.
"""

from __future__ import annotations

from collections.abc import Iterable

from codemods.callgraph import ROUTE_METHODS, FunctionFacts
from codemods.session_api import DEPENDS_NAMES

PATH_OPERATION_DECORATORS = ROUTE_METHODS | {"trace", "websocket"}
DEPENDENCY_RUNNERS = DEPENDS_NAMES | {"fastapi.Security", "fastapi.params.Security"}
TASK_RUNNERS = frozenset({"add_task"})
ROUTE_ADDERS = frozenset({"add_api_route", "add_api_websocket_route"})


def entry_points(functions: Iterable[FunctionFacts]) -> dict[str, str]:
    """Function -> what FastAPI calls it as ("path operation", "dependency", "background
    task"); a function that is several is named by the first."""
    found: dict[str, str] = {}
    for function in functions:
        if any(is_route_decorator(decorator) for decorator in function.decorators):
            found.setdefault(function.name, "path operation")
        for provider in function.depends_on:  # `Depends(current_user)` among its parameters
            found.setdefault(provider, "dependency")
        for reference in function.references:
            kind = _called_as(reference.via)
            if kind is not None:
                found.setdefault(reference.target, kind)
    return found


def is_route_decorator(decorator: str) -> bool:
    """`@router.get(...)`, `@app.websocket(...)`: qualified as `<module>.router.get`."""
    owner, _, method = decorator.rpartition(".")
    return bool(owner) and method in PATH_OPERATION_DECORATORS


def _called_as(via: str) -> str | None:
    short = via.rsplit(".", 1)[-1]
    if via in DEPENDENCY_RUNNERS:
        return "dependency"
    if short in TASK_RUNNERS:
        return "background task"
    if short in ROUTE_ADDERS:
        return "path operation"
    return None
