"""Await every call to a project function that has just become a coroutine.

    user = crud.get_user(db, user_id)        ->  user = await crud.get_user(db, user_id)
    return users.get(db, 1).email            ->  return (await users.get(db, 1)).email

The calls are those the index resolved (`callgraph.py`, `async_plan.py`), found here by
their position, so the transform and the plan can never disagree about which call is
which.
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata import PositionProvider

from codemods.index import ProjectIndex
from codemods.nodes import AwaitParentheses, awaited, parenthesize_awaited_part
from codemods.settings import Settings
from codemods.transforms.base import Transform


class AwaitAsyncCalls(AwaitParentheses, Transform):
    DESCRIPTION = "await calls to project functions that became async"
    METADATA_DEPENDENCIES = (PositionProvider,)

    @classmethod
    def wanted(cls, source: str, settings: Settings, index: ProjectIndex) -> bool:
        return bool(index.async_plan.awaited_calls)

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        updated_node = parenthesize_awaited_part(updated_node)
        start = self.get_metadata(PositionProvider, original_node.func).start
        if not self.index.async_plan.awaits(self.relpath, start.line, start.column):
            return updated_node
        self.rewrites += 1
        return awaited(updated_node)
