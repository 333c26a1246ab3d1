"""Open async sessions where the code that becomes a coroutine opened sync ones.

    db = SessionLocal()                  ->  async with AsyncSessionLocal() as db:
    try:                                         ...
        ...
    finally:
        db.close()
    with SessionLocal() as db:           ->  async with AsyncSessionLocal() as db:
    db = SessionLocal()                  ->  db = AsyncSessionLocal()
    db = next(get_db())                  ->  db = await anext(get_async_db())

`async with` rather than `try/finally: await db.close()`: AsyncSession closes itself
shielded from cancellation there, so a websocket or request cancelled mid-way still
returns its connection (an awaited `close()` in `finally` would be cancelled too).

Only inside functions the async plan turns into coroutines (a websocket handler, a
background task, a dashboard that opens a second session), and only from factories and
providers that have an async twin in the same module (the project's, or the one
`write_async_stack` writes). Each keeps its own, separate session and transaction, as
before; `await_session_io` then awaits its `commit()`, `close()` and the rest.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m
from libcst.metadata import ScopeProvider

from codemods.index import ProjectIndex
from codemods.settings import Settings
from codemods.text_checks import called_or_renamed
from codemods.transforms.base import Transform


class OpenAsyncSessions(Transform):
    DESCRIPTION = "SessionLocal() -> AsyncSessionLocal() in functions that become coroutines"
    METADATA_DEPENDENCIES = (ScopeProvider,)

    @classmethod
    def wanted(cls, source: str, settings: Settings, index: ProjectIndex) -> bool:
        twins = index.session_twins
        # it rewrites calls of the sync factories and providers
        names = frozenset(name.rsplit(".", 1)[-1] for name in twins)
        return bool(names) and called_or_renamed(source, names)

    def setup_tracking(self) -> None:
        super().setup_tracking()
        self._planned: list[bool] = []  # per enclosing function or lambda: does it await?
        plan = self.index.async_plan
        # The providers `write_async_stack` wrote (`get_async_db`) open their sessions with
        # `async with` too: they run in this same pass, after it.
        written = {
            f"{provider.rsplit('.', 1)[0]}.{twin}"
            for provider, twin in self.index.async_stack.providers.items()
        }
        self._coroutines = set(plan.becomes_async) | set(plan.async_sessions) | written
        # Async factories this file opens sessions from (also those written in it).
        self._opened: set[str] = set(self.index.async_stack.factories.values())

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._planned.append(bool(self.canonical_names(node.name) & self._coroutines))

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
            self._opened.add(twin)
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
        if "builtins.next" not in self.canonical_names(original.func):
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

    def leave_IndentedBlock(
        self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        if not (self._planned and self._planned[-1]):
            return updated_node
        body: list[cst.BaseStatement] = []
        statements = list(updated_node.body)
        while statements:
            statement = statements.pop(0)
            scoped = self._scoped(statement, statements[0]) if statements else None
            if scoped is not None:
                statements.pop(0)
            body.append(scoped or statement)
        return updated_node.with_changes(body=body)

    def _scoped(self, opening: cst.BaseStatement, following: cst.BaseStatement) -> cst.With | None:
        """`db = AsyncSessionLocal()` + `try: ... finally: db.close()` -> `async with`."""
        if not (
            m.matches(
                opening,
                m.SimpleStatementLine(
                    body=[m.Assign(targets=[m.AssignTarget(target=m.Name())], value=m.Call())]
                ),
            )
            and isinstance(following, cst.Try)
            and following.finalbody is not None
        ):
            return None
        assign = cst.ensure_type(
            cst.ensure_type(opening, cst.SimpleStatementLine).body[0], cst.Assign
        )
        name = cst.ensure_type(assign.targets[0].target, cst.Name).value
        opened = cst.ensure_type(assign.value, cst.Call)
        if not (isinstance(opened.func, cst.Name) and opened.func.value in self._opened):
            return None
        final = cst.ensure_type(following.finalbody.body, cst.IndentedBlock).body
        closing = [s for s in final if m.matches(s, _closes(name))]
        if len(closing) != 1:
            return None
        rest = [s for s in final if s is not closing[0]]
        inner: list[cst.BaseStatement]
        if following.handlers or following.orelse or rest:
            finalbody = following.finalbody.with_changes(
                body=following.finalbody.body.with_changes(body=rest)
            )
            inner = [following.with_changes(finalbody=finalbody if rest else None)]
        else:
            inner = list(cst.ensure_type(following.body, cst.IndentedBlock).body)
        item = cst.WithItem(opened, asname=cst.AsName(cst.Name(name)))
        return cst.With(
            [item],
            cst.IndentedBlock(inner),
            asynchronous=cst.Asynchronous(),
            leading_lines=cst.ensure_type(opening, cst.SimpleStatementLine).leading_lines,
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
        for name in sorted(self.canonical_names(func)):
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


def _closes(name: str) -> m.SimpleStatementLine:
    """`<name>.close()` as a statement of its own."""
    close = m.Call(func=m.Attribute(value=m.Name(name), attr=m.Name("close")), args=[])
    return m.SimpleStatementLine(body=[m.Expr(value=close)])
