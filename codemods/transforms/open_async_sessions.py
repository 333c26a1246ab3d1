"""Open async sessions where the code that becomes a coroutine opened sync ones.

    db = SessionLocal()                  ->  db = AsyncSessionLocal()
    with SessionLocal() as db:           ->  async with AsyncSessionLocal() as db:
    db = next(get_db())                  ->  db = await anext(get_async_db())

Only inside functions the async plan turns into coroutines (a websocket handler, a
background task, a dashboard that opens a second session), and only from factories and
providers that have an async twin in the same module (the project's, or the one
`write_async_stack` writes). Each keeps its own, separate session and transaction, as
before; `await_session_io` then awaits its `commit()`, `close()` and the rest.
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata import FullyQualifiedNameProvider, QualifiedName

from codemods.index import ProjectIndex
from codemods.settings import Settings
from codemods.transforms.base import Transform


class OpenAsyncSessions(Transform):
    DESCRIPTION = "SessionLocal() -> AsyncSessionLocal() in functions that become coroutines"
    METADATA_DEPENDENCIES = (FullyQualifiedNameProvider,)

    @classmethod
    def wanted(cls, source: str, settings: Settings, index: ProjectIndex) -> bool:
        twins = index.session_twins
        return bool(twins) and any(name.rsplit(".", 1)[-1] in source for name in twins)

    def setup_tracking(self) -> None:
        super().setup_tracking()
        self._planned: list[bool] = []  # per enclosing function or lambda: does it await?
        plan = self.index.async_plan
        self._coroutines = set(plan.becomes_async) | set(plan.async_sessions)

    def _names(self, node: cst.CSTNode) -> set[str]:
        found: set[QualifiedName] = set(self.get_metadata(FullyQualifiedNameProvider, node, set()))
        return {self.index.symbols.canonical(q.name) for q in found}

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._planned.append(bool(self._names(node.name) & self._coroutines))

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        self._planned.pop()
        return updated_node

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self._planned.append(False)

    def leave_Lambda(self, original_node: cst.Lambda, updated_node: cst.Lambda) -> cst.Lambda:
        self._planned.pop()
        return updated_node

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        if not (self._planned and self._planned[-1]):
            return updated_node
        twin = self._twin(original_node.func)
        if twin is not None:
            self.rewrites += 1
            return updated_node.with_changes(func=cst.Name(twin))
        return self._anext(original_node, updated_node)

    def _anext(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        """`next(get_db())` -> `await anext(get_async_db())`."""
        if not (
            isinstance(original.func, cst.Name)
            and original.func.value == "next"
            and len(original.args) == 1
            and isinstance(original.args[0].value, cst.Call)
        ):
            return updated
        if "builtins.next" not in self._names(original.func):
            return updated
        provider = cst.ensure_type(updated.args[0].value, cst.Call)
        twin = self._twin(cst.ensure_type(original.args[0].value, cst.Call).func)
        if twin is None:
            return updated
        self.rewrites += 1
        opened = provider.with_changes(func=cst.Name(twin))
        return cst.Await(
            cst.Call(cst.Name("anext"), [cst.Arg(opened)]), lpar=updated.lpar, rpar=updated.rpar
        )

    def leave_With(self, original_node: cst.With, updated_node: cst.With) -> cst.With:
        if not (self._planned and self._planned[-1]) or len(original_node.items) != 1:
            return updated_node
        item = original_node.items[0].item
        if isinstance(item, cst.Call) and self._twin(item.func, importing=False) is not None:
            return updated_node.with_changes(asynchronous=cst.Asynchronous())
        return updated_node

    def _twin(self, func: cst.BaseExpression, importing: bool = True) -> str | None:
        """The async twin's name for a sync factory or provider, imported where needed."""
        for name in sorted(self._names(func)):
            twin = self.index.session_twins.get(name)
            if twin is None:
                continue
            module, _, short = twin.rpartition(".")
            if importing:
                self.add_needed_import(module, short)
                sync_module, _, sync_short = name.rpartition(".")
                self.remove_unused_import(sync_module, sync_short)
            return short
        return None
