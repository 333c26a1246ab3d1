"""The registry: every transform, in the order the engine applies them.

Order matters. `await_async_calls` and `unwrap_threadpool_calls` find their calls by the
positions the index read from the file as it is, so they run first, before anything adds
or reflows lines; `bridge_sync_helpers` finds its calls by line and callee, which those
two leave in place.
`query_get_to_session_get` writes `db.get(...)` and `query_to_select` writes
`db.execute(...)` on the session as it is; `write_async_stack` writes the async engine,
factory and provider a project without them needs, `close_async_engine_on_shutdown`
disposes of that engine with the app; `make_async` then turns the planned functions
into coroutines and their sessions into AsyncSession, `mark_async_tests` gives the tests
and fixtures among them their pytest plugin's mark, `swap_dependency_overrides` keys
overrides on the providers the path operations now depend on,
`load_response_relationships` loads what response models read before FastAPI
serialises, `load_relationships_in_code` reads relationships in coroutines through the
session, `paginate_with_apaginate` calls fastapi-pagination's coroutine on AsyncSessions,
and `await_session_io` awaits every AsyncSession coroutine call, old and new.
"""

from __future__ import annotations

from codemods.transforms.await_async_calls import AwaitAsyncCalls
from codemods.transforms.await_session_io import AwaitSessionIO
from codemods.transforms.base import Transform
from codemods.transforms.bridge_sync_helpers import BridgeSyncHelpers
from codemods.transforms.close_async_engine_on_shutdown import CloseAsyncEngineOnShutdown
from codemods.transforms.load_relationships_in_code import LoadRelationshipsInCode
from codemods.transforms.load_response_relationships import LoadResponseRelationships
from codemods.transforms.make_async import MakeAsync
from codemods.transforms.mark_async_tests import MarkAsyncTests
from codemods.transforms.open_async_sessions import OpenAsyncSessions
from codemods.transforms.paginate_with_apaginate import PaginateWithApaginate
from codemods.transforms.query_get_to_session_get import QueryGetToSessionGet
from codemods.transforms.query_to_select import QueryToSelect
from codemods.transforms.raw_sql_to_text import RawSqlToText
from codemods.transforms.swap_dependency_overrides import SwapDependencyOverrides
from codemods.transforms.unwrap_threadpool_calls import UnwrapThreadpoolCalls
from codemods.transforms.write_async_stack import WriteAsyncStack

TRANSFORMS: tuple[type[Transform], ...] = (
    AwaitAsyncCalls,
    UnwrapThreadpoolCalls,
    BridgeSyncHelpers,
    QueryGetToSessionGet,
    QueryToSelect,
    RawSqlToText,
    WriteAsyncStack,
    CloseAsyncEngineOnShutdown,
    OpenAsyncSessions,
    MakeAsync,
    MarkAsyncTests,
    SwapDependencyOverrides,
    LoadResponseRelationships,
    LoadRelationshipsInCode,
    PaginateWithApaginate,
    AwaitSessionIO,
)

__all__ = ["TRANSFORMS", "Transform"]
