"""Await every call to a project function that has just become a coroutine.

    user = crud.get_user(db, user_id)        ->  user = await crud.get_user(db, user_id)
    return users.get(db, 1).email            ->  return (await users.get(db, 1)).email
    if __name__ == "__main__": main()        ->  if __name__ == "__main__": asyncio.run(main())

The calls are those the index resolved (`callgraph.py`, `async_plan.py`), found here by
their position, so the transform and the plan can never disagree about which call is
which.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m
from libcst.metadata import PositionProvider

from codemods.index import ProjectIndex
from codemods.nodes import AwaitParentheses, awaited, parenthesize_awaited_part
from codemods.transforms.base import Transform


class AwaitAsyncCalls(AwaitParentheses, Transform):
    DESCRIPTION = "await calls to project functions that became async"
    METADATA_DEPENDENCIES = (PositionProvider,)

    @classmethod
    def wanted_in(cls, relpath: str, index: ProjectIndex) -> bool:
        return relpath in index.async_plan.awaited_calls or relpath in index.async_plan.run_calls

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        updated_node = parenthesize_awaited_part(updated_node)
        if m.matches(original_node.func, m.Name("super")):
            return updated_node  # `super().remove(...)` starts where its `super()` does
        start = self.get_metadata(PositionProvider, original_node.func).start
        plan = self.index.async_plan
        if plan.runs(self.relpath, start.line, start.column):
            self.rewrites += 1
            self.add_needed_import("asyncio")
            run = cst.Attribute(cst.Name("asyncio"), cst.Name("run"))
            return cst.Call(run, [cst.Arg(updated_node)])
        if not plan.awaits(self.relpath, start.line, start.column):
            return updated_node
        self.rewrites += 1
        return awaited(updated_node)
