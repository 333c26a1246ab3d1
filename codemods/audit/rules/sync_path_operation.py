"""SQA005 sync-path-operation: a `def` path operation, dependency or background task doing DB I/O.

FastAPI runs a `def` path operation, dependency or background task in a worker thread of
a small pool (40 threads by default): each one blocked on the database holds a thread,
and under load requests queue behind them. As a coroutine on an AsyncSession it waits on
the event loop instead.

    @router.get("/users/{user_id}")
    def read_user(user_id: int, db: Session = Depends(get_db)):     # SQA005
        return db.get(User, user_id)

    @router.get("/users/{user_id}")
    async def read_user(user_id: int, db: AsyncSession = Depends(get_async_db)):
        return await db.get(User, user_id)

"DB I/O" is the async plan's: session I/O in the function itself, or in a project
function it calls. `migrate` makes it a coroutine (fixable) unless the
plan keeps it sync, whose reason the finding carries.
"""

from __future__ import annotations

import libcst as cst

from codemods.audit.rules.base import Rule
from codemods.index import ProjectIndex
from codemods.settings import Settings


class SyncPathOperation(Rule):
    CODE = "SQA005"

    @classmethod
    def wanted(cls, source: str, settings: Settings, index: ProjectIndex) -> bool:
        return bool(index.db_io_functions) and "def " in source

    @classmethod
    def applies(cls, source: str, relpath: str, settings: Settings, index: ProjectIndex) -> bool:
        return cls.wanted(source, settings, index) and relpath in index.files_with_io_entry_points

    def setup_tracking(self) -> None:
        super().setup_tracking()
        self._owners: list[str] = []  # enclosing classes and functions, for the name

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._owners.append(node.name.value)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._owners.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        name = self._qualified(node)
        self._owners.append(f"{node.name.value}.<locals>")
        if node.asynchronous is not None or name not in self.index.db_io_functions:
            return
        kind = self.index.entry_points.get(name)
        if kind is None:
            return
        reason = self.index.async_plan.kept_sync.get(name)
        message = f"`{node.name.value}` is a sync {kind} doing DB I/O: it blocks a worker thread"
        if reason:
            message += f" (stays sync: {reason})"
        self.report(node.name, message, fixable=reason is None, function=name, detail=reason or "")

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._owners.pop()

    def _qualified(self, node: cst.FunctionDef) -> str:
        module = self.index.module_name_of(self.relpath)
        return ".".join([module, *self._owners, node.name.value])
