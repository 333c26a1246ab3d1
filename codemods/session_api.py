"""What `AsyncSession` offers, as far as the migration is concerned (SQLAlchemy 2.x)."""

from __future__ import annotations

# How FastAPI's `Depends` and `typing.Annotated` are spelled, fully qualified.
DEPENDS_NAMES = frozenset({"fastapi.Depends", "fastapi.params.Depends"})
ANNOTATED_NAMES = frozenset({"typing.Annotated", "typing_extensions.Annotated"})

# AsyncSession methods that return a coroutine (SQLAlchemy 2.x `AsyncSession`).
# `add`, `add_all`, `expunge`, `expire`, `expire_all`, `in_transaction`... stay sync.
COROUTINE_METHODS = frozenset(
    {
        "execute",
        "scalar",
        "scalars",
        "get",
        "get_one",
        "refresh",
        "flush",
        "commit",
        "rollback",
        "close",
        "delete",
        "merge",
        "run_sync",
        "stream",
        "stream_scalars",
        "connection",
        "invalidate",
        "reset",
    }
)

# What an AsyncSession offers: its coroutine methods, the sync ones, and `query` (which
# the query rewrite turns into `execute`).
ASYNC_SESSION_API = COROUTINE_METHODS | {
    "query",
    "add",
    "add_all",
    "expunge",
    "expunge_all",
    "expire",
    "expire_all",
    "in_transaction",
    "in_nested_transaction",
    "is_modified",
    "get_bind",
    "get_nested_transaction",
    "get_transaction",
}
SESSION_API_GAPS = {
    "begin": "needs `async with` on an AsyncSession",
    "begin_nested": "needs `async with` on an AsyncSession",
    "bulk_save_objects": "has no AsyncSession equivalent (use `run_sync`)",
    "bulk_insert_mappings": "has no AsyncSession equivalent (use `run_sync`)",
    "bulk_update_mappings": "has no AsyncSession equivalent (use `run_sync`)",
}
# Callees a session may be handed to without caring which kind it is.
HARMLESS_SESSION_CONSUMERS = frozenset(
    {"isinstance", "id", "repr", "str", "type", "print", "hasattr", "getattr", "Depends"}
)

# Calls that run a sync function in a worker thread: `await run_in_threadpool(f, db, x)`.
# When `f` becomes a coroutine the call is unwrapped to `await f(db, x)`.
THREADPOOL_RUNNERS = frozenset(
    {"starlette.concurrency.run_in_threadpool", "fastapi.concurrency.run_in_threadpool"}
)

# fastapi-pagination's SQLAlchemy integration: `paginate(session, select)` runs the count
# and the page on the session it is given; its deprecated `paginate(query)` form runs the
# very same pipeline (the statement counted as a subquery, the page with `unique()`) on
# `query.session`. `apaginate(async_session, select)` (0.13 and later) is its coroutine
# twin; `paginate` itself is sync-only in current releases.
SESSION_PAGINATORS = frozenset({"fastapi_pagination.ext.sqlalchemy.paginate"})
ASYNC_PAGINATORS = frozenset({"fastapi_pagination.ext.sqlalchemy.apaginate"})
# Libraries that take a legacy `Query` and have no `select()` form: a query handed to
# them stays a Query, and its function stays sync.
QUERY_ONLY_LIBRARIES = {
    "sqlalchemy_filters": "sqlalchemy-filters",
    "sqlalchemy_searchable": "SQLAlchemy-Searchable",
    "sqlalchemy_mixins": "sqlalchemy-mixins",
}
