"""fastapi-pagination on an AsyncSession: `paginate` becomes its coroutine twin `apaginate`.

    async def list_users(db: AsyncSession = Depends(get_async_db)):
        return paginate(db, select(User))    ->  return apaginate(db, select(User))

`await_session_io` then awaits it. `query_to_select` has already turned the deprecated
`paginate(db.query(User))` into `paginate(db, select(User))`: the same count and page,
run on the session it is handed. `apaginate` exists since fastapi-pagination 0.13;
`paginate` only runs on sync sessions in current releases.
"""

from __future__ import annotations

import libcst as cst

from codemods.awaits import AwaitTracker
from codemods.index import ProjectIndex
from codemods.session_api import SESSION_PAGINATORS
from codemods.settings import Settings
from codemods.transforms.base import Transform

MODULE, _, NAME = sorted(SESSION_PAGINATORS)[0].rpartition(".")


class PaginateWithApaginate(AwaitTracker, Transform):
    DESCRIPTION = "paginate(async_db, stmt) -> apaginate(async_db, stmt) (fastapi-pagination)"

    @classmethod
    def wanted(cls, source: str, settings: Settings, index: ProjectIndex) -> bool:
        return "fastapi_pagination" in source

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        site = self.unawaited_session_io(original_node)
        if site is None or not site.fixable or not isinstance(original_node.func, cst.Name):
            return updated_node
        if not self.qualified_names(original_node.func) & SESSION_PAGINATORS:
            return updated_node  # `apaginate` already
        self.rewrites += 1
        self.add_needed_import(MODULE, f"a{NAME}")
        self.remove_unused_import(MODULE, NAME)
        return updated_node.with_changes(func=cst.Name(f"a{NAME}"))
