"""Functions the project hands queries to, and the one shape they will receive.

`def paginate(query, page, size)` runs whatever query its callers pass. Once the callers
build `select()` statements instead, it can run them, if it has a session: a receiver
without one gains the first free session name as its first parameter and every call
passes the session the query was built on. What it runs returns rows or scalars
depending on what the query selects, so every caller must hand the same shape; one
that does not, a call the project cannot see (the function passed around by name), or a
query the index cannot follow leaves the receiver, and its callers' queries, as they are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from codemods.callgraph import CallSite, FunctionFacts, callers_of
from codemods.queries.shapes import Shape
from codemods.query_flow import QueryReceiver, QueryValue, ReturnedQuery


def query_receivers(
    functions: Sequence[FunctionFacts], builders: Mapping[str, ReturnedQuery]
) -> dict[str, QueryReceiver]:
    callers = callers_of(functions)
    mentioned = {reference.target for f in functions for reference in f.references}
    found = {}
    for function in functions:
        if function.query_parameter is None or function.name in mentioned:
            continue
        if function.name in builders:
            continue
        receiver = _receiver(function, callers.get(function.name, []), builders)
        if receiver is not None:
            found[function.name] = receiver
    return found


def _receiver(
    function: FunctionFacts,
    calls: Sequence[tuple[FunctionFacts, CallSite]],
    builders: Mapping[str, ReturnedQuery],
) -> QueryReceiver | None:
    parameter = function.query_parameter
    if parameter is None or not calls:
        return None
    handed = [_handed_shape(function, caller, call, builders) for caller, call in calls]
    found = [shape for shape in handed if shape is not None]
    if len(found) != len(handed) or len({_kind(shapes) for shapes, _ in found}) != 1:
        return None
    shapes = found[0][0]
    repeats = any(repeats for _, repeats in found)
    own = [p for p in function.session_parameters if p in function.parameters]
    if own:
        position = function.parameters.index(own[0])
        return QueryReceiver(
            parameter.name, parameter.position, own[0], position, False, shapes, repeats
        )
    if not parameter.free_session_name:
        return None
    first = 1 if function.is_method else 0  # after `self`
    return QueryReceiver(
        parameter.name,
        parameter.position,
        parameter.free_session_name,
        first,
        True,
        shapes,
        repeats,
    )


def _handed_shape(
    function: FunctionFacts,
    caller: FunctionFacts,
    call: CallSite,
    builders: Mapping[str, ReturnedQuery],
) -> tuple[tuple[Shape, ...], bool] | None:
    """What the call hands for the query parameter: (shapes, rows may repeat)."""
    parameter = function.query_parameter
    assert parameter is not None
    bound = function.is_method and call.through_instance
    position = parameter.position - (1 if bound else 0)
    slots = dict(call.handed)
    value = slots.get(position) or slots.get(parameter.name)
    if value is None:
        return None
    shapes, repeats = _resolved(value, caller, builders)
    if not shapes or "unknown" in shapes:
        return None
    return shapes, repeats


def _resolved(
    value: QueryValue, caller: FunctionFacts, builders: Mapping[str, ReturnedQuery]
) -> tuple[tuple[Shape, ...], bool]:
    """A query built by a builder call selects what the builder's query selects."""
    if value.built_at is None:
        return value.shapes, value.repeats
    callees = {call.callee for call in caller.calls if (call.line, call.column) == value.built_at}
    built = [builders[name] for name in sorted(callees) if name in builders]
    if not built:
        return (), False
    return built[0].shapes, value.repeats or built[0].repeats


def _kind(shapes: tuple[Shape, ...]) -> tuple[bool, bool]:
    """What the receiver's result calls depend on: one entity (scalars), any entity (unique)."""
    return shapes == ("entity",), "entity" in shapes
