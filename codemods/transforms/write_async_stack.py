"""Write the async session stack beside the sync one, when the project has none.

    engine = create_engine(DATABASE_URL, connect_args=args)
    SessionLocal = sessionmaker(autoflush=False, bind=engine)
    ->  (the same, then)
    async_engine = create_async_engine(async_database_url(DATABASE_URL), connect_args=args)
    AsyncSessionLocal = async_sessionmaker(async_engine, autoflush=False, expire_on_commit=False)

    def get_db():                   ->  (the same, then)
        db = SessionLocal()             async def get_async_db():
        try:                                db = AsyncSessionLocal()
            yield db                        try:
        finally:                                yield db
            db.close()                      finally:
                                                db.close()  (awaited by await_session_io)

Only with `target = "async"`, and only the pieces the index found missing
(`async_stack.py`). The engine reaches the same database through its asyncio driver
(`make_url(url).set(drivername=...)`, or the literal URL rewritten), with the same
options; the factory keeps the sessionmaker's options and sets `expire_on_commit=False`,
since an expired attribute would lazy-load, which asyncio refuses. The sync stack stays.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m
from libcst.metadata import ScopeProvider

from codemods.index import ProjectIndex
from codemods.pytest_links import is_test_module
from codemods.settings import Settings
from codemods.transforms.base import Transform

CREATE_ENGINE = frozenset({"sqlalchemy.create_engine", "sqlalchemy.engine.create_engine"})
CONTEXT_MANAGER = frozenset({"contextlib.contextmanager"})
# Each sync DBAPI driver -> the asyncio driver of the same database.
ASYNC_DRIVERS = {
    "postgresql": "postgresql+asyncpg",
    "postgresql+psycopg2": "postgresql+asyncpg",
    "postgresql+psycopg2cffi": "postgresql+asyncpg",
    "postgresql+pg8000": "postgresql+asyncpg",
    "postgresql+psycopg": "postgresql+psycopg",
    "postgres": "postgresql+asyncpg",
    "sqlite": "sqlite+aiosqlite",
    "sqlite+pysqlite": "sqlite+aiosqlite",
    "mysql": "mysql+aiomysql",
    "mysql+pymysql": "mysql+aiomysql",
    "mysql+mysqldb": "mysql+aiomysql",
    "mariadb+pymysql": "mariadb+aiomysql",
    "mssql+pyodbc": "mssql+aioodbc",
    "oracle+oracledb": "oracle+oracledb_async",
}
# Engine options that only make sense for a sync DBAPI connection.
SYNC_ONLY_ENGINE_OPTIONS = frozenset({"creator", "module", "strategy"})
# sessionmaker options async_sessionmaker gets otherwise, or not at all.
REPLACED_FACTORY_OPTIONS = frozenset({"bind", "class_", "expire_on_commit", "autocommit"})
URL_HELPER = "async_database_url"
DRIVERS_TABLE = "ASYNC_DRIVERS"


class WriteAsyncStack(Transform):
    DESCRIPTION = (
        "writes create_async_engine, async_sessionmaker and get_async_db beside the sync ones"
    )
    METADATA_DEPENDENCIES = (ScopeProvider,)

    @classmethod
    def wanted(cls, source: str, settings: Settings, index: ProjectIndex) -> bool:
        stack = index.async_stack
        return bool(stack) and any(name in source for name in stack.names())

    @classmethod
    def wanted_in(cls, relpath: str, index: ProjectIndex) -> bool:
        # the twins go beside the sync factories and providers, in their modules
        return index.module_name_of(relpath) in index.written_stack.modules()

    def setup_tracking(self) -> None:
        super().setup_tracking()
        self._stack = self.index.written_stack
        self._engines: dict[str, cst.Call] = {}  # module-level `engine = create_engine(...)`
        self._taken: set[str] = set()  # names the module binds at its top level

    def visit_Module(self, node: cst.Module) -> None:
        for statement in node.body:
            self._taken |= _bound_names(statement)
            name, value = _single_assignment(statement) or ("", None)
            if isinstance(value, cst.Call) and self.qualified_names(value.func) & CREATE_ENGINE:
                self._engines[name] = value

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        body: list[cst.BaseStatement] = []
        for original, updated in zip(original_node.body, updated_node.body, strict=True):
            body.append(updated)
            body.extend(self._twins_of(original))
        return updated_node.with_changes(body=body)

    def _twins_of(self, statement: cst.BaseStatement) -> list[cst.BaseStatement]:
        if isinstance(statement, cst.FunctionDef):
            twin = self._provider_twin(statement)
            return [twin] if twin is not None else []
        assigned = _single_assignment(statement)
        if assigned is None:
            return []
        target = cst.ensure_type(
            cst.ensure_type(statement, cst.SimpleStatementLine).body[0], cst.Assign
        )
        names = self.qualified_names(target.targets[0].target)
        wanted = sorted(names & self._stack.factories.keys())
        if not wanted or not isinstance(assigned[1], cst.Call):
            return []
        return self._factory_twin(assigned[1], self._stack.factories[wanted[0]])

    # -- the engine and the factory ----------------------------------------------------

    def _factory_twin(self, maker: cst.Call, name: str) -> list[cst.BaseStatement]:
        engine = _bound_engine(maker)
        create = self._engines.get(engine) if engine else None
        url = _url_argument(create) if create is not None else None
        async_engine = f"async_{engine}"
        if create is None or url is None or {name, async_engine} & self._taken:
            return []
        lines: list[cst.BaseStatement] = []
        async_url = _literal_async_url(url)
        if async_url is None:
            home = self._stack.url_helper_home()
            if home is not None and home != self.context.full_module_name:
                self.add_needed_import(home, URL_HELPER)  # written once, in `home`
            elif {URL_HELPER, DRIVERS_TABLE} & self._taken:
                return []
            else:
                lines += self._url_helper()
            async_url = cst.Call(cst.Name(URL_HELPER), [cst.Arg(url)])
        options = [a for a in create.args if a.keyword is not None or a.star == "**"]
        options = [
            a for a in options if not a.keyword or a.keyword.value not in SYNC_ONLY_ENGINE_OPTIONS
        ]
        if is_test_module(self.relpath) and not any(
            a.keyword and a.keyword.value == "poolclass" for a in options
        ):
            # TestClient runs each request, or each `with` block, in an event loop of its
            # own, and an asyncio connection cannot move to another loop: no pooling here
            self.add_needed_import("sqlalchemy.pool", "NullPool")
            options.append(_keyword("poolclass", cst.Name("NullPool")))
        self.add_needed_import("sqlalchemy.ext.asyncio", "create_async_engine")
        self.add_needed_import("sqlalchemy.ext.asyncio", "async_sessionmaker")
        engine_call = cst.Call(cst.Name("create_async_engine"), [cst.Arg(async_url), *options])
        kept = [
            a
            for a in maker.args
            if a.keyword is not None and a.keyword.value not in REPLACED_FACTORY_OPTIONS
        ]
        factory_call = cst.Call(
            cst.Name("async_sessionmaker"),
            [
                cst.Arg(cst.Name(async_engine)),
                *kept,
                _keyword("expire_on_commit", cst.Name("False")),
            ],
        )
        engine_line = _assignment(async_engine, engine_call)
        if lines:  # after the helper function
            engine_line = engine_line.with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine()])
        lines.append(engine_line)
        lines.append(_assignment(name, factory_call))
        self._taken |= {name, async_engine}
        self.rewrites += 1
        return [_tidy_arguments(line) for line in lines]

    def _url_helper(self) -> list[cst.BaseStatement]:
        """`ASYNC_DRIVERS` and `async_database_url()`: the URL is only known at run time."""
        self.add_needed_import("sqlalchemy.engine", "make_url")
        entries = "".join(
            f'    "{sync}": "{asynchronous}",\n' for sync, asynchronous in ASYNC_DRIVERS.items()
        )
        code = (
            f"{DRIVERS_TABLE} = {{\n{entries}}}\n"
            "\n\n"
            f"def {URL_HELPER}(url):\n"
            "    url = make_url(url)\n"
            f"    return url.set(drivername={DRIVERS_TABLE}.get(url.drivername, url.drivername))\n"
        )
        self._taken |= {URL_HELPER, DRIVERS_TABLE}
        table, helper = cst.parse_module(code).body
        comment = (
            "# The asyncio driver of each sync one: the same database, reached from coroutines."
        )
        table = table.with_changes(leading_lines=[cst.EmptyLine(), _comment_line(comment)])
        return [table, helper]

    # -- the provider ------------------------------------------------------------------

    def _provider_twin(self, function: cst.FunctionDef) -> cst.FunctionDef | None:
        names = self.qualified_names(function.name)
        wanted = sorted(names & self._stack.providers.keys())
        if not wanted or function.asynchronous is not None:
            return None
        name = self._stack.providers[wanted[0]]
        decorators = [
            d
            for d in function.decorators
            if not self.qualified_names(d.decorator) & CONTEXT_MANAGER
        ]
        if decorators or name in self._taken:
            return None  # a decorator that may not take a coroutine function
        swapped = _FactorySwap(self)
        body = function.body.visit(swapped)
        assert isinstance(body, cst.BaseSuite)
        if not swapped.swapped:
            return None  # it gets its session from somewhere the tool has no twin for
        twin = function.with_changes(
            name=cst.Name(name),
            asynchronous=cst.Asynchronous(),
            body=body,
            leading_lines=[cst.EmptyLine(), cst.EmptyLine()],
        )
        if len(function.decorators) != len(decorators):  # @contextmanager
            self.add_needed_import("contextlib", "asynccontextmanager")
            twin = twin.with_changes(decorators=[cst.Decorator(cst.Name("asynccontextmanager"))])
        self._taken.add(name)
        self.rewrites += 1
        return twin

    def async_factory(self, call: cst.Call) -> str | None:
        """The async twin of the sync factory `call` calls, written here or found."""
        factories = self._stack.factories
        for name in sorted(self.qualified_names(call.func)):
            if name in factories:
                module = name.rsplit(".", 1)[0]
                if module != self.context.full_module_name:
                    self.add_needed_import(module, factories[name])
                return factories[name]
        return None


class _FactorySwap(cst.CSTTransformer):
    """`SessionLocal()` -> `AsyncSessionLocal()`, `with` -> `async with` around it."""

    def __init__(self, owner: WriteAsyncStack) -> None:
        super().__init__()
        self.owner = owner
        self.swapped = 0

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        twin = self.owner.async_factory(original_node)
        if twin is None:
            return updated_node
        self.swapped += 1
        return updated_node.with_changes(func=cst.Name(twin))

    def leave_With(self, original_node: cst.With, updated_node: cst.With) -> cst.With:
        opens = any(
            isinstance(item.item, cst.Call) and self.owner.async_factory(item.item) is not None
            for item in original_node.items
        )
        return updated_node.with_changes(asynchronous=cst.Asynchronous()) if opens else updated_node


def _single_assignment(statement: cst.CSTNode) -> tuple[str, cst.BaseExpression] | None:
    """`name = value` as a statement of its own."""
    if not m.matches(
        statement,
        m.SimpleStatementLine(body=[m.Assign(targets=[m.AssignTarget(target=m.Name())])]),
    ):
        return None
    assign = cst.ensure_type(
        cst.ensure_type(statement, cst.SimpleStatementLine).body[0], cst.Assign
    )
    return cst.ensure_type(assign.targets[0].target, cst.Name).value, assign.value


def _bound_names(statement: cst.CSTNode) -> set[str]:
    if isinstance(statement, cst.FunctionDef | cst.ClassDef):
        return {statement.name.value}
    targets = m.findall(statement, m.AssignTarget(target=m.Name()))
    aliases = m.findall(statement, m.ImportAlias())
    names = [cst.ensure_type(t, cst.AssignTarget).target for t in targets]
    for alias in aliases:
        alias = cst.ensure_type(alias, cst.ImportAlias)
        names.append(alias.asname.name if alias.asname else alias.name)
    return {name.value for name in names if isinstance(name, cst.Name)}


def _bound_engine(maker: cst.Call) -> str | None:
    """The engine a sessionmaker is bound to: `bind=engine` or its first argument."""
    for argument in maker.args:
        if argument.keyword is not None and argument.keyword.value == "bind":
            return argument.value.value if isinstance(argument.value, cst.Name) else None
    positional = [a for a in maker.args if a.keyword is None and not a.star]
    if positional and isinstance(positional[0].value, cst.Name):
        return positional[0].value.value
    return None


def _url_argument(create: cst.Call) -> cst.BaseExpression | None:
    for argument in create.args:
        if argument.keyword is not None and argument.keyword.value == "url":
            return argument.value
    positional = [a for a in create.args if a.keyword is None and not a.star]
    return positional[0].value if positional else None


def _literal_async_url(url: cst.BaseExpression) -> cst.BaseExpression | None:
    """A URL written as a plain string gets its async driver written in."""
    if not isinstance(url, cst.SimpleString):
        return None
    text = url.evaluated_value
    if not isinstance(text, str) or "://" not in text:
        return None
    driver, rest = text.split("://", 1)
    asynchronous = ASYNC_DRIVERS.get(driver, driver)
    quote = url.quote
    return cst.SimpleString(f"{url.prefix}{quote}{asynchronous}://{rest}{quote}")


def _comment_line(text: str) -> cst.EmptyLine:
    return cst.EmptyLine(comment=cst.Comment(text))


def _keyword(name: str, value: cst.BaseExpression) -> cst.Arg:
    return cst.Arg(
        value,
        keyword=cst.Name(name),
        equal=cst.AssignEqual(
            whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
        ),
    )


def _assignment(name: str, value: cst.BaseExpression) -> cst.SimpleStatementLine:
    return cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(name))], value)])


def _tidy_arguments(statement: cst.BaseStatement) -> cst.BaseStatement:
    """One space after each comma, none before the closing parenthesis."""
    return statement.visit(_ArgumentSpacing())  # type: ignore[return-value]


class _ArgumentSpacing(cst.CSTTransformer):
    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        if not updated_node.args:
            return updated_node
        args = [
            a.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
            for a in updated_node.args[:-1]
        ]
        last = updated_node.args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return updated_node.with_changes(args=[*args, last])
