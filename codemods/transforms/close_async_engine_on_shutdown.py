"""The app closes the async engine this run wrote when it shuts down.

    app = FastAPI(title="CRM")      ->  @asynccontextmanager
                                        async def lifespan(app):
                                            yield
                                            await async_engine.dispose()


                                        app = FastAPI(title="CRM", lifespan=lifespan)

An asyncio connection belongs to the event loop that opened it. A sync pool may hand a
connection to any thread; an async pool that outlives its loop hands the next loop a
connection it cannot use ("attached to a different loop", "another operation is in
progress"). Every `with TestClient(app)` block runs the app in a loop of its own, and a
server that restarts its loop does the same; disposing of the engine when the app shuts
down empties the pool with the loop, as SQLAlchemy advises for async engines.

Only for engines `write_async_stack` wrote (the project's own async engine is the
project's business), on module-level `FastAPI(...)` apps that have no lifespan or
startup/shutdown handlers yet (those it reports nothing for and leaves alone).
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m
from libcst.metadata import ScopeProvider

from codemods.index import ProjectIndex
from codemods.pytest_links import is_test_module, is_test_module_name
from codemods.settings import Settings
from codemods.transforms.base import Transform

FASTAPI = "fastapi.FastAPI"
LIFESPAN = "lifespan"
# Arguments that say the app already runs code at start-up or shutdown.
HOOKS = frozenset({"lifespan", "on_startup", "on_shutdown"})


class CloseAsyncEngineOnShutdown(Transform):
    DESCRIPTION = "FastAPI(...) gets a lifespan that disposes of the async engine written"
    METADATA_DEPENDENCIES = (ScopeProvider,)

    @classmethod
    def wanted(cls, source: str, settings: Settings, index: ProjectIndex) -> bool:
        return bool(index.async_stack.engines) and "FastAPI(" in source and "on_event" not in source

    def setup_tracking(self) -> None:
        super().setup_tracking()
        self._engines = sorted(
            engine
            for engine in self.index.written_stack.engines.values()
            if not is_test_module_name(engine.rsplit(".", 1)[0])
        )

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        if not self._engines or is_test_module(self.relpath) or _defines(updated_node, LIFESPAN):
            return updated_node
        body: list[cst.BaseStatement] = []
        for original, updated in zip(original_node.body, updated_node.body, strict=True):
            if self._is_app(original):
                body.append(self._lifespan())
                body.append(_with_lifespan(updated))
                self.rewrites += 1
            else:
                body.append(updated)
        return updated_node.with_changes(body=body)

    def _is_app(self, statement: cst.BaseStatement) -> bool:
        """`app = FastAPI(...)` without start-up or shutdown code of its own."""
        if not m.matches(statement, m.SimpleStatementLine(body=[m.Assign(value=m.Call())])):
            return False
        call = cst.ensure_type(
            cst.ensure_type(
                cst.ensure_type(statement, cst.SimpleStatementLine).body[0], cst.Assign
            ).value,
            cst.Call,
        )
        if FASTAPI not in self.qualified_names(call.func):
            return False
        return not any(a.keyword is not None and a.keyword.value in HOOKS for a in call.args)

    def _lifespan(self) -> cst.BaseStatement:
        self.add_needed_import("contextlib", "asynccontextmanager")
        disposals = []
        for engine in self._engines:
            module, _, name = engine.rpartition(".")
            if module != self.context.full_module_name:
                self.add_needed_import(module, name)
            disposals.append(f"    await {name}.dispose()\n")
        code = (
            "@asynccontextmanager\n"
            f"async def {LIFESPAN}(app):\n"
            "    yield\n"
            "    # asyncio connections belong to the loop that opened them: close them with it\n"
            + "".join(disposals)
        )
        function = cst.parse_statement(code)
        return function.with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine()])


def _with_lifespan(statement: cst.BaseStatement) -> cst.BaseStatement:
    line = cst.ensure_type(statement, cst.SimpleStatementLine)
    assign = cst.ensure_type(line.body[0], cst.Assign)
    call = cst.ensure_type(assign.value, cst.Call)
    argument = cst.Arg(
        cst.Name(LIFESPAN),
        keyword=cst.Name(LIFESPAN),
        equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")),
    )
    arguments = list(call.args)
    if arguments and not isinstance(arguments[-1].comma, cst.Comma):
        space = cst.SimpleWhitespace(" ")
        arguments[-1] = arguments[-1].with_changes(comma=cst.Comma(whitespace_after=space))
    assign = assign.with_changes(value=call.with_changes(args=[*arguments, argument]))
    comments = [empty for empty in line.leading_lines if empty.comment is not None]
    leading = [cst.EmptyLine(), cst.EmptyLine(), *comments]  # the app's comments stay on it
    return line.with_changes(body=[assign], leading_lines=leading)


def _defines(module: cst.Module, name: str) -> bool:
    assigned = m.SimpleStatementLine(body=[m.Assign(targets=[m.AssignTarget(target=m.Name(name))])])
    return any(m.matches(s, m.FunctionDef(name=m.Name(name)) | assigned) for s in module.body)
