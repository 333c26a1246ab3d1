"""The registry: every transform, in the order the engine applies them.

Order matters: `query_get_to_session_get` writes `db.get(...)` and `query_to_select`
writes `db.execute(...)`, which `await_session_io` then awaits on an AsyncSession.
"""

from __future__ import annotations

from codemods.transforms.await_session_io import AwaitSessionIO
from codemods.transforms.base import Transform
from codemods.transforms.query_get_to_session_get import QueryGetToSessionGet
from codemods.transforms.query_to_select import QueryToSelect
from codemods.transforms.raw_sql_to_text import RawSqlToText

TRANSFORMS: tuple[type[Transform], ...] = (
    QueryGetToSessionGet,
    QueryToSelect,
    RawSqlToText,
    AwaitSessionIO,
)

__all__ = ["TRANSFORMS", "Transform"]
