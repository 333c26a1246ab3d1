"""Tests and fixtures that become coroutines get what their pytest plugin needs to run them.

    @pytest.fixture                     ->  @pytest_asyncio.fixture
    def db():                               async def db():
        yield SessionLocal()                    yield AsyncSessionLocal()

    def test_create(db: Session):       ->  @pytest.mark.asyncio
        crud.create(db, ...)                async def test_create(db: AsyncSession):
                                                await crud.create(db, ...)

With pytest-asyncio (the default, or what the project uses): `@pytest_asyncio.fixture`,
and `@pytest.mark.asyncio` unless `asyncio_mode = auto`. An async fixture wider than a
test (`scope="session"`) must run in an event loop as wide as itself, and so must every
async test and fixture sharing its session: all of them get that `loop_scope`. With anyio
(`@pytest.mark.anyio` in the project): the anyio mark; fixtures keep `@pytest.fixture`.
Which functions become coroutines is the async plan's (`pytest_links.py` links tests to
the fixtures they request); `make_async` writes the `async def`.
"""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst
from libcst.metadata import ScopeProvider

from codemods.callgraph import FIXTURE_DECORATORS
from codemods.index import ProjectIndex
from codemods.pytest_links import is_test
from codemods.pytest_setup import widest_scope
from codemods.settings import Settings
from codemods.transforms.base import Transform

MARKS = ("pytest.mark.asyncio", "pytest.mark.anyio")


class MarkAsyncTests(Transform):
    DESCRIPTION = "async tests get the pytest-asyncio / anyio mark, async fixtures their decorator"
    METADATA_DEPENDENCIES = (ScopeProvider,)

    @classmethod
    def wanted(cls, source: str, settings: Settings, index: ProjectIndex) -> bool:
        return bool(index.async_plan.becomes_async) and (
            "def test" in source or "fixture" in source
        )

    @classmethod
    def wanted_in(cls, relpath: str, index: ProjectIndex) -> bool:
        return relpath in index.converted_files

    def setup_tracking(self) -> None:
        super().setup_tracking()
        converted = self.index.async_plan.becomes_async
        self._converted = {
            f.name: f
            for f in self.index.functions
            if f.name in converted and (f.fixture is not None or is_test(f))
        }
        self._loop_scope = widest_scope(
            f.fixture.scope for f in self._converted.values() if f.fixture is not None
        )

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        facts = [
            self._converted[n]
            for n in self.qualified_names(original_node.name)
            if n in self._converted
        ]
        if not facts:
            return updated_node
        setup = self.index.pytest
        if facts[0].fixture is not None:
            if setup.anyio:
                return updated_node
            return self._async_fixture(original_node.decorators, updated_node)
        if self._marked(original_node.decorators) or (
            setup.auto_mode and self._loop_scope == "function"
        ):
            return updated_node
        self.add_needed_import("pytest")
        mark = f"pytest.mark.{'anyio' if setup.anyio else 'asyncio'}"
        if self._loop_scope != "function" and not setup.anyio:
            mark += f'(loop_scope="{self._loop_scope}")'
        decorator = cst.Decorator(cst.parse_expression(mark))
        self.rewrites += 1
        return updated_node.with_changes(decorators=[decorator, *updated_node.decorators])

    def _marked(self, decorators: Sequence[cst.Decorator]) -> bool:
        for decorator in decorators:
            if any(name.startswith(MARKS) for name in self.qualified_names(_named(decorator))):
                return True
        return False

    def _async_fixture(
        self, original: Sequence[cst.Decorator], updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        """`@pytest.fixture(scope=...)` -> `@pytest_asyncio.fixture(scope=..., loop_scope=...)`."""
        decorators = list(updated_node.decorators)
        for position, decorator in enumerate(original):
            if not self.qualified_names(_named(decorator)) & FIXTURE_DECORATORS:
                continue
            written = decorators[position].decorator
            arguments = list(written.args) if isinstance(written, cst.Call) else []
            if self._loop_scope != "function":
                arguments.append(_keyword("loop_scope", self._loop_scope))
            replacement: cst.BaseExpression = cst.parse_expression("pytest_asyncio.fixture")
            if isinstance(written, cst.Call) or arguments:
                replacement = cst.Call(replacement, _comma_separated(arguments))
            decorators[position] = decorators[position].with_changes(decorator=replacement)
            self.add_needed_import("pytest_asyncio")
            self.rewrites += 1
        return updated_node.with_changes(decorators=decorators)


def _named(decorator: cst.Decorator) -> cst.BaseExpression:
    """What a decorator names: `pytest.fixture` of `@pytest.fixture(scope=...)`."""
    target = decorator.decorator
    return target.func if isinstance(target, cst.Call) else target


def _keyword(name: str, value: str) -> cst.Arg:
    return cst.Arg(
        cst.SimpleString(f'"{value}"'),
        keyword=cst.Name(name),
        equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")),
    )


def _comma_separated(arguments: list[cst.Arg]) -> list[cst.Arg]:
    """Every argument but the last ends in `, ` (the last keeps what it had)."""
    separated = [
        a.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
        if a.comma is cst.MaybeSentinel.DEFAULT
        else a
        for a in arguments[:-1]
    ]
    return [*separated, *arguments[-1:]]
