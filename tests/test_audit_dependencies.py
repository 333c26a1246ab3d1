"""Audit rules SQA002 (sync session dependencies) and SQA003 (sync session factories),
through the engine the CLI runs, and on the example CRM app through the runner."""

from __future__ import annotations

import ast
from dataclasses import replace
from pathlib import Path

import pytest

from codemods.async_plan import AsyncPlan
from codemods.audit.findings import Finding
from codemods.audit.rules import RULES, Rule
from codemods.audit.rules.sync_session_dependency import SyncSessionDependency
from codemods.audit.rules.sync_session_factory import SyncSessionFactory
from codemods.engine import AuditResult, audit_source
from codemods.index import ProjectIndex, build_index
from codemods.runner import RunReport
from codemods.settings import Settings
from codemods.symbols import SymbolTable
from tests.conftest import READS_THE_CRM_AUDIT_REPORT

ASYNC = Settings(target="async")
SYNC_2_0 = Settings(target="sync-2.0")
PROJECT = ProjectIndex(
    session_aliases={"app.deps.SessionDep": "sync", "app.deps.AsyncSessionDep": "async"},
    session_factories={
        "app.database.SessionLocal": "sync",
        "app.database.AsyncSessionLocal": "async",
    },
    # `app/db.py` re-exports the alias and the factory under other names.
    symbols=SymbolTable(
        aliases={
            "app.db.DBSession": "app.deps.SessionDep",
            "app.db.make_session": "app.database.SessionLocal",
        }
    ),
)
SESSION = "from sqlalchemy.orm import Session\n"
ASYNC_SESSION = "from sqlalchemy.ext.asyncio import AsyncSession\n"
ANNOTATED = "from typing import Annotated\n"
DEPENDS = "from fastapi import Depends\n"
GET_DB = "from app.database import get_db\n"
FACTORY = "from app.database import SessionLocal\n"


def audit(
    source: str,
    rule: type[Rule],
    *,
    index: ProjectIndex = PROJECT,
    relpath: str = "app/routes.py",
    settings: Settings = ASYNC,
) -> tuple[Finding, ...]:
    result = audit_source(source, settings, index, relpath=relpath, rules=(rule,))
    assert isinstance(result, AuditResult), result
    return result.findings


def test_the_rules_are_registered_in_code_order() -> None:
    assert {SyncSessionDependency, SyncSessionFactory} <= set(RULES)
    codes = [rule.CODE for rule in RULES]
    assert codes == sorted(codes)


@pytest.mark.parametrize("rule", [SyncSessionDependency, SyncSessionFactory])
def test_nothing_is_reported_on_the_sync_target(rule: type[Rule]) -> None:
    source = SESSION + FACTORY + "def read(db: Session):\n    return SessionLocal()\n"
    assert not rule.wanted(source, SYNC_2_0, PROJECT)
    assert audit(source, rule, settings=SYNC_2_0) == ()


# -- SQA002 sync-session-dependency ----------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(ASYNC_SESSION + "def read(db: AsyncSession): ...\n", id="AsyncSession"),
        pytest.param(
            DEPENDS + "def read(db=Depends(get_async_db)): ...\n", id="Depends(get_async_db)"
        ),
        pytest.param(
            ANNOTATED
            + ASYNC_SESSION
            + DEPENDS
            + "def read(db: Annotated[AsyncSession, Depends(get_async_db)]): ...\n",
            id="Annotated AsyncSession with the async provider",
        ),
        pytest.param(
            "from app.deps import AsyncSessionDep\ndef read(db: AsyncSessionDep): ...\n",
            id="an async project alias",
        ),
        pytest.param(
            ANNOTATED + ASYNC_SESSION + "AsyncDep = Annotated[AsyncSession, 'db']\n",
            id="an async alias definition",
        ),
        pytest.param("def read(db, session): ...\n", id="unannotated parameters named db"),
        pytest.param(
            DEPENDS + "def read(user=Depends(get_current_user)): ...\n", id="another dependency"
        ),
        pytest.param(
            "from requests import Session\ndef fetch(http: Session): ...\n",
            id="a Session of another library",
        ),
        pytest.param(
            SESSION + "def is_session(value) -> bool:\n    return isinstance(value, Session)\n",
            id="Session named but not an annotation",
        ),
        pytest.param(
            "from typing import TYPE_CHECKING\n"
            + SESSION
            + "if TYPE_CHECKING:\n    def read(db: Session): ...\n",
            id="a function under TYPE_CHECKING",
        ),
        pytest.param(
            ANNOTATED
            + SESSION
            + "def make():\n    Dep = Annotated[Session, 'db']\n    return Dep\n",
            id="an Annotated alias local to a function",
        ),
    ],
)
def test_sync_session_dependency_noop(source: str) -> None:
    assert audit(source, SyncSessionDependency) == ()


@pytest.mark.parametrize(
    ("source", "line", "column", "prefix"),
    [
        pytest.param(
            SESSION + "def read(db: Session): ...\n",
            2,
            14,
            "sync session parameter `db`: use `AsyncSession` instead of `Session`",
            id="annotated with Session",
        ),
        pytest.param(
            "from sqlalchemy.orm import Session as OrmSession\ndef read(db: OrmSession): ...\n",
            2,
            14,
            "sync session parameter `db`: use `AsyncSession` instead of `OrmSession`",
            id="Session imported under another name",
        ),
        pytest.param(
            "import sqlalchemy.orm as orm\ndef read(*, db: orm.Session): ...\n",
            2,
            17,
            "sync session parameter `db`: use `AsyncSession` instead of `orm.Session`",
            id="keyword-only, through a module alias",
        ),
        pytest.param(
            'from sqlmodel import Session\nasync def read(db: "Session"): ...\n',
            2,
            20,
            'sync session parameter `db`: use `AsyncSession` instead of `"Session"`',
            id="sqlmodel Session quoted in an async def",
        ),
        pytest.param(
            DEPENDS + GET_DB + "def read(db=Depends(get_db)): ...\n",
            3,
            13,
            "sync session parameter `db`: use `Depends(get_async_db)` instead of `Depends(get_db)`",
            id="a Depends(get_db) default",
        ),
        pytest.param(
            DEPENDS
            + GET_DB
            + SESSION
            + "def read(user_id: int, db: Session = Depends(get_db)): ...\n",
            4,
            28,
            "sync session parameter `db`: use `AsyncSession` instead of `Session`, "
            "use `Depends(get_async_db)` instead of `Depends(get_db)`",
            id="Session and Depends(get_db), once at the annotation",
        ),
        pytest.param(
            DEPENDS
            + "from app import deps\ndef read(db=Depends(deps.get_db, use_cache=False)): ...\n",
            3,
            13,
            "sync session parameter `db`: use `Depends(deps.get_async_db, use_cache=False)` "
            "instead of `Depends(deps.get_db, use_cache=False)`",
            id="a provider through its module, with another argument",
        ),
        pytest.param(
            ANNOTATED
            + DEPENDS
            + GET_DB
            + SESSION
            + "def read(db: Annotated[Session, Depends(get_db)]): ...\n",
            5,
            14,
            "sync session parameter `db`: use `AsyncSession` instead of `Session`, "
            "use `Depends(get_async_db)` instead of `Depends(get_db)`",
            id="Annotated Session with Depends(get_db)",
        ),
        pytest.param(
            "from typing import Annotated, Any\nimport fastapi\n"
            "from app.database import get_db as provide\n"
            "def read(db: Annotated[Any, fastapi.Depends(provide)]): ...\n",
            4,
            14,
            "sync session parameter `db`: use `fastapi.Depends(get_async_db)` "
            "instead of `fastapi.Depends(provide)`",
            id="Annotated Depends of a provider imported under another name",
        ),
        pytest.param(
            "from app.deps import SessionDep\ndef read(db: SessionDep): ...\n",
            2,
            14,
            "sync session parameter `db`: `SessionDep` is a sync session alias: "
            "make it `Annotated[AsyncSession, ...]` where it is defined",
            id="a project alias",
        ),
        pytest.param(
            "from app.deps import SessionDep as DB\n"
            "class Reader:\n    def read(self, db: DB): ...\n",
            3,
            24,
            "sync session parameter `db`: `DB` is a sync session alias: "
            "make it `Annotated[AsyncSession, ...]` where it is defined",
            id="a project alias imported under another name, in a method",
        ),
        pytest.param(
            "from app.db import DBSession\ndef read(db: DBSession): ...\n",
            2,
            14,
            "sync session parameter `db`: `DBSession` is a sync session alias: "
            "make it `Annotated[AsyncSession, ...]` where it is defined",
            id="a project alias re-exported by another module under another name",
        ),
        pytest.param(
            ASYNC_SESSION
            + DEPENDS
            + GET_DB
            + "def read(db: AsyncSession = Depends(get_db)): ...\n",
            4,
            29,
            "sync session parameter `db`: use `Depends(get_async_db)` instead of `Depends(get_db)`",
            id="AsyncSession from a sync provider, at the default",
        ),
        pytest.param(
            ANNOTATED
            + DEPENDS
            + GET_DB
            + SESSION
            + "SessionDep = Annotated[Session, Depends(get_db)]\n",
            5,
            1,
            "sync session alias `SessionDep`: use `AsyncSession` instead of `Session`, "
            "use `Depends(get_async_db)` instead of `Depends(get_db)`",
            id="the alias definition",
        ),
        pytest.param(
            "from typing import Annotated, TypeAlias\nfrom sqlmodel import Session\n"
            "DB: TypeAlias = Annotated[Session, 'database']\n",
            3,
            1,
            "sync session alias `DB`: use `AsyncSession` instead of `Session`",
            id="an alias definition annotated TypeAlias",
        ),
    ],
)
def test_sync_session_dependency(source: str, line: int, column: int, prefix: str) -> None:
    [finding] = audit(source, SyncSessionDependency)
    assert (finding.rule, finding.line, finding.column) == ("SQA002", line, column)
    # Nothing is planned in this index: each finding says why `migrate` leaves it.
    assert not finding.fixable
    assert finding.detail
    assert finding.message == f"{prefix} ({finding.detail})"


def test_sync_session_dependency_reports_each_parameter_once() -> None:
    source = (
        ANNOTATED
        + DEPENDS
        + GET_DB
        + SESSION
        + "def copy(source: Session, target: Annotated[Session, Depends(get_db)] = "
        + "Depends(get_db)): ...\n"
    )
    findings = audit(source, SyncSessionDependency)
    assert [(f.line, f.column, f.function) for f in findings] == [
        (5, 18, "app.routes.copy"),
        (5, 35, "app.routes.copy"),
    ]


PLANNED = replace(
    PROJECT,
    async_plan=AsyncPlan(
        becomes_async=frozenset({"app.routes.read"}),
        async_sessions={"app.routes.read": frozenset({"db"})},
        kept_sync={
            "app.routes.cached": "decorated with `@cache`, which may not accept a coroutine"
        },
        async_aliases=frozenset({"app.deps.SessionDep"}),
    ),
    session_twins={
        "app.database.SessionLocal": "app.database.AsyncSessionLocal",
        "app.database.get_db": "app.database.get_async_db",
    },
)


@pytest.mark.parametrize(
    ("source", "relpath", "detail"),
    [
        pytest.param(SESSION + "def read(db: Session): ...\n", "app/routes.py", "", id="planned"),
        pytest.param(
            "from app.deps import SessionDep\ndef report(db: SessionDep): ...\n",
            "app/routes.py",
            "",
            id="annotated with an alias the plan rewrites",
        ),
        pytest.param(
            ANNOTATED + SESSION + "SessionDep = Annotated[Session, 'db']\n",
            "app/deps.py",
            "",
            id="the definition of an alias the plan rewrites",
        ),
        pytest.param(
            SESSION + "def cached(db: Session): ...\n",
            "app/routes.py",
            "decorated with `@cache`, which may not accept a coroutine",
            id="kept sync by the plan",
        ),
        pytest.param(
            SESSION + "def read(db: Session, other: Session): ...\n",
            "app/other.py",
            "the async plan does not convert `app.other.read`",
            id="not in the plan",
        ),
    ],
)
def test_sync_session_dependency_is_fixable_where_the_plan_converts_it(
    source: str, relpath: str, detail: str
) -> None:
    findings = audit(source, SyncSessionDependency, index=PLANNED, relpath=relpath)
    assert findings
    assert all((f.fixable, f.detail) == (not detail, detail) for f in findings)
    assert all(f.message.endswith(f" ({detail})") == bool(detail) for f in findings)


def test_a_planned_parameter_that_is_not_a_planned_session_stays_open() -> None:
    source = SESSION + "def read(db: Session, other: Session): ...\n"
    findings = audit(source, SyncSessionDependency, index=PLANNED)
    assert [(f.column, f.fixable) for f in findings] == [(14, True), (30, False)]


def test_an_alias_the_plan_rewrites_is_not_reported_in_the_migrated_function() -> None:
    """`migrate` audits its own output, where `read` is already a coroutine."""
    before = "from app.deps import SessionDep\ndef read(db: SessionDep): ...\n"
    after = "from app.deps import SessionDep\nasync def read(db: SessionDep): ...\n"
    assert [f.fixable for f in audit(before, SyncSessionDependency, index=PLANNED)] == [True]
    assert audit(after, SyncSessionDependency, index=PLANNED) == ()


def test_a_service_keeping_its_session_on_self_says_so(tmp_path: Path) -> None:
    service = (
        SESSION
        + DEPENDS
        + GET_DB
        + "class UserService:\n"
        + "    def __init__(self, db: Session = Depends(get_db)):\n"
        + "        self.db = db\n"
        + "\n"
        + "    def count(self):\n"
        + "        return self.db.execute(text('select 1')).scalar()\n"
    )
    files = {"app/__init__.py": "", "app/database.py": "def get_db():\n    yield None\n"}
    files["app/services.py"] = "from sqlalchemy import text\n" + service
    parsed = [(name, tmp_path / name, ast.parse(text)) for name, text in files.items()]
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    index = build_index(parsed, tmp_path, ASYNC)
    findings = audit(
        files["app/services.py"], SyncSessionDependency, index=index, relpath="app/services.py"
    )
    assert [f.line for f in findings] == [6]
    assert "`UserService` keeps the session on `self`" in findings[0].message
    assert not findings[0].fixable


# -- SQA003 sync-session-factory -------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "relpath"),
    [
        pytest.param(
            "from sqlalchemy.orm import sessionmaker\nSessionLocal = sessionmaker()\n\n"
            "def get_db():\n    db = SessionLocal()\n    yield db\n",
            "app/database.py",
            id="the factory called in the module that defines it",
        ),
        pytest.param(
            "from sqlalchemy import create_engine\nfrom sqlalchemy.orm import Session\n"
            "engine = create_engine('sqlite://')\n\ndef opened():\n    return Session(engine)\n",
            "app/other.py",
            id="Session constructed in a module that creates the engine",
        ),
        pytest.param(
            "from sqlalchemy.orm import Session, sessionmaker\nFactory = sessionmaker()\n\n"
            "def opened(bind):\n    return Session(bind=bind)\n",
            "app/other.py",
            id="Session constructed in a module that defines a sessionmaker",
        ),
        pytest.param(
            "def SessionLocal():\n    return None\n\ndef job():\n    return SessionLocal()\n",
            "app/routes.py",
            id="a local function named SessionLocal",
        ),
        pytest.param(
            "from vendor.db import SessionLocal\ndef job():\n    return SessionLocal()\n",
            "app/routes.py",
            id="a SessionLocal that is not the project's",
        ),
        pytest.param(
            "from app.database import AsyncSessionLocal\nasync def job():\n"
            "    async with AsyncSessionLocal() as db: ...\n",
            "app/routes.py",
            id="the async factory",
        ),
        pytest.param(
            FACTORY + "SessionLocal.configure(bind=engine)\nfactory = SessionLocal\n",
            "app/routes.py",
            id="the factory named but not called",
        ),
        pytest.param(
            "def first(items):\n    return next(iter(items))\n",
            "app/routes.py",
            id="next of something else",
        ),
        pytest.param(
            "from requests import Session\ndef fetch():\n    return Session()\n",
            "app/routes.py",
            id="a Session of another library",
        ),
        pytest.param(
            "from typing import TYPE_CHECKING\n"
            + FACTORY
            + "if TYPE_CHECKING:\n    db = SessionLocal()\n",
            "app/routes.py",
            id="under TYPE_CHECKING",
        ),
    ],
)
def test_sync_session_factory_noop(source: str, relpath: str) -> None:
    assert audit(source, SyncSessionFactory, relpath=relpath) == ()


OPENS = "opens a sync session outside its session module: use "


@pytest.mark.parametrize(
    ("source", "line", "column", "prefix"),
    [
        pytest.param(
            FACTORY + "def job():\n    db = SessionLocal()\n",
            3,
            10,
            f"`SessionLocal()` {OPENS}`async with AsyncSessionLocal() as session:`",
            id="the project's factory in a function",
        ),
        pytest.param(
            "from app.database import SessionLocal as make\ndef job():\n    db = make()\n",
            3,
            10,
            f"`make()` {OPENS}`async with AsyncSessionLocal() as session:`",
            id="the factory imported under another name",
        ),
        pytest.param(
            "from app import database\ndef job():\n    with database.SessionLocal() as db: ...\n",
            3,
            10,
            f"`database.SessionLocal()` {OPENS}"
            "`async with database.AsyncSessionLocal() as session:`",
            id="the factory through its module, in a with",
        ),
        pytest.param(
            "from app.db import make_session\ndef job():\n    return make_session()\n",
            3,
            12,
            f"`make_session()` {OPENS}`async with AsyncSessionLocal() as session:`",
            id="the factory re-exported by another module under another name",
        ),
        pytest.param(
            FACTORY + "db = SessionLocal()\n",
            2,
            6,
            f"`SessionLocal()` {OPENS}`async with AsyncSessionLocal() as session:`",
            id="at module level",
        ),
        pytest.param(
            GET_DB + "def job():\n    db = next(get_db())\n",
            3,
            10,
            "`next(get_db())` runs the sync dependency `get_db` by hand: "
            "use `await anext(get_async_db())`",
            id="next(get_db())",
        ),
        pytest.param(
            SESSION + "from app.database import engine\ndef job():\n"
            "    with Session(engine) as db: ...\n",
            4,
            10,
            "`Session(...)` constructs a sync session outside a session module: "
            "open an `AsyncSession` on an async engine",
            id="Session constructed",
        ),
        pytest.param(
            "from sqlmodel import Session as DBSession\ndef job(engine):\n"
            "    return DBSession(engine)\n",
            3,
            12,
            "`DBSession(...)` constructs a sync session outside a session module: "
            "open an `AsyncSession` on an async engine",
            id="sqlmodel Session constructed under another name",
        ),
    ],
)
def test_sync_session_factory(source: str, line: int, column: int, prefix: str) -> None:
    [finding] = audit(source, SyncSessionFactory)
    assert (finding.rule, finding.line, finding.column) == ("SQA003", line, column)
    assert not finding.fixable
    assert finding.detail
    assert finding.message == f"{prefix} ({finding.detail})"


@pytest.mark.parametrize(
    ("source", "detail"),
    [
        pytest.param(FACTORY + "def read():\n    db = SessionLocal()\n", "", id="planned"),
        pytest.param(
            GET_DB + "def read():\n    db = next(get_db())\n", "", id="next(get_db()) planned"
        ),
        pytest.param(
            FACTORY + "def read():\n    return lambda: SessionLocal()\n",
            "inside a lambda, which cannot await",
            id="inside a lambda",
        ),
        pytest.param(
            FACTORY + "def cached():\n    db = SessionLocal()\n",
            "decorated with `@cache`, which may not accept a coroutine",
            id="kept sync by the plan",
        ),
        pytest.param(
            FACTORY + "def job():\n    db = SessionLocal()\n",
            "the async plan does not make `app.routes.job` a coroutine",
            id="not in the plan",
        ),
        pytest.param(
            FACTORY + "db = SessionLocal()\n",
            "module-level code cannot await",
            id="at module level",
        ),
        pytest.param(
            SESSION + "def read(engine):\n    db = Session(engine)\n",
            "`migrate` does not rewrite a `Session(...)` construction",
            id="Session constructed",
        ),
    ],
)
def test_sync_session_factory_is_fixable_where_the_plan_opens_the_twin(
    source: str, detail: str
) -> None:
    [finding] = audit(source, SyncSessionFactory, index=PLANNED)
    assert (finding.fixable, finding.detail) == (not detail, detail)
    assert finding.message.endswith(f" ({detail})") == bool(detail)


def test_a_factory_without_an_async_twin_is_not_fixable() -> None:
    index = replace(PLANNED, session_twins={})
    [finding] = audit(
        FACTORY + "def read():\n    db = SessionLocal()\n", SyncSessionFactory, index=index
    )
    assert finding.detail == "`SessionLocal` has no async twin `migrate` can open instead"


# -- the example CRM app -----------------------------------------------------------------


def _module_files(root: Path) -> list[tuple[str, ast.Module]]:
    return [
        (path.relative_to(root).as_posix(), ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(root.rglob("*.py"))
    ]


def _is_name(node: ast.expr | None, *names: str) -> bool:
    return isinstance(node, ast.Name) and node.id in names


def _provides_a_sync_session(default: ast.expr | None) -> bool:
    """`Depends(get_db)`."""
    return (
        isinstance(default, ast.Call)
        and _is_name(default.func, "Depends")
        and bool(default.args)
        and _is_name(default.args[0], "get_db")
    )


def _session_parameters(
    function: ast.FunctionDef | ast.AsyncFunctionDef,
) -> list[tuple[ast.arg, ast.expr | None]]:
    """Its parameters annotated `Session` / `SessionDep` or defaulting to `Depends(get_db)`."""
    arguments = function.args
    positional = [*arguments.posonlyargs, *arguments.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(arguments.defaults))
    defaults += arguments.defaults
    pairs = [
        *zip(positional, defaults, strict=True),
        *zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True),
    ]
    return [
        (argument, default)
        for argument, default in pairs
        if _is_name(argument.annotation, "Session", "SessionDep")
        or _provides_a_sync_session(default)
    ]


def _sqa002_counted_with_ast(root: Path) -> dict[tuple[str, int, int], str]:
    """(path, line, column) -> the function, "" for an alias definition."""
    found: dict[tuple[str, int, int], str] = {}
    for relpath, tree in _module_files(root):
        for node in tree.body:  # `X = Annotated[Session, ...]`
            value = node.value if isinstance(node, ast.Assign) else None
            if isinstance(value, ast.Subscript) and _is_name(value.value, "Annotated"):
                first = value.slice.elts[0] if isinstance(value.slice, ast.Tuple) else None
                if _is_name(first, "Session"):
                    found[(relpath, node.lineno, node.col_offset + 1)] = ""
        for function in _functions(tree):
            for argument, default in _session_parameters(function):
                at = argument.annotation or default
                assert at is not None
                found[(relpath, at.lineno, at.col_offset + 1)] = function.name
    return found


def _functions(tree: ast.Module) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


def _sqa003_counted_with_ast(root: Path) -> list[tuple[str, int, int]]:
    """`SessionLocal()` calls outside `app/database.py`."""
    return sorted(
        (relpath, node.lineno, node.col_offset + 1)
        for relpath, tree in _module_files(root)
        if relpath != "app/database.py"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and _is_name(node.func, "SessionLocal")
    )


def _query_builders(root: Path) -> set[tuple[str, str]]:
    """(path, function) of the functions annotated to return a `Query`."""
    return {
        (relpath, function.name)
        for relpath, tree in _module_files(root)
        for function in _functions(tree)
        if _is_name(function.returns, "Query")
    }


@pytest.fixture
def crm_audit(crm_audit_report: tuple[Path, RunReport]) -> tuple[Path, list[Finding]]:
    """The session's audit of a copy of the example (tests/conftest.py), with the async
    target."""
    root, report = crm_audit_report
    assert not report.errors
    return root, report.findings


@READS_THE_CRM_AUDIT_REPORT
def test_every_sync_session_parameter_and_alias_of_the_example_is_found(
    crm_audit: tuple[Path, list[Finding]],
) -> None:
    root, findings = crm_audit
    expected = _sqa002_counted_with_ast(root)
    found = [f for f in findings if f.rule == "SQA002"]
    assert sorted((f.path, f.line, f.column) for f in found) == sorted(expected)
    assert len(found) == len(expected) >= 100
    assert {f.function.rsplit(".", 1)[-1] for f in found} == set(expected.values())


@READS_THE_CRM_AUDIT_REPORT
def test_the_example_sync_session_parameters_are_all_fixable(
    crm_audit: tuple[Path, list[Finding]],
) -> None:
    """Query builders included (every caller hands them an AsyncSession); the CSV export
    `keep-sync` lists stays sync, and is allowed."""
    root, findings = crm_audit
    found = [f for f in findings if f.rule == "SQA002"]
    names = _query_builders(root)
    builders = [f for f in found if (f.path, f.function.rsplit(".", 1)[-1]) in names]
    assert len(builders) == len(names) >= 9
    assert all(f.fixable for f in builders)
    [kept] = [f for f in found if not f.fixable]
    assert (kept.path, kept.line, kept.column, kept.allowed) == (
        "app/legacy/exports.py",
        11,
        23,
        True,
    )
    assert kept.message == (
        "sync session parameter `db`: use `AsyncSession` instead of `Session` "
        "(listed in `keep-sync`; callers hand it their session with `run_sync`)"
    )
    assert all(not f.allowed for f in found if f is not kept)


@READS_THE_CRM_AUDIT_REPORT
def test_the_example_session_alias_and_its_users_are_fixable(
    crm_audit: tuple[Path, list[Finding]],
) -> None:
    root, findings = crm_audit
    aliased = [f for f in findings if f.rule == "SQA002" and "alias" in f.message]
    found = sorted((f.path, f.line, f.column) for f in aliased)
    assert found == _alias_uses_counted_with_ast(root, "SessionDep")
    assert len(found) >= 15
    assert all(f.fixable for f in aliased)
    [definition] = [f for f in aliased if f.path == "app/deps.py"]
    assert definition.message == (
        "sync session alias `SessionDep`: use `AsyncSession` instead of `Session`, "
        "use `Depends(get_async_db)` instead of `Depends(get_db)`"
    )


def _alias_uses_counted_with_ast(root: Path, alias: str) -> list[tuple[str, int, int]]:
    """An independent count: where `alias` is assigned, and every parameter annotated
    with it (the annotation's 1-based column)."""
    found = []
    for path in sorted((root / "app").rglob("*.py")):
        relpath = path.relative_to(root).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.arg) and isinstance(node.annotation, ast.Name):
                if node.annotation.id == alias:
                    found.append((relpath, node.lineno, node.annotation.col_offset + 1))
            elif isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == alias for t in node.targets
            ):
                found.append((relpath, node.lineno, node.col_offset + 1))
    return sorted(found)


@READS_THE_CRM_AUDIT_REPORT
def test_every_sync_session_factory_call_of_the_example_is_found_and_fixable(
    crm_audit: tuple[Path, list[Finding]],
) -> None:
    root, findings = crm_audit
    found = [f for f in findings if f.rule == "SQA003"]
    assert sorted((f.path, f.line, f.column) for f in found) == _sqa003_counted_with_ast(root)
    assert len(found) == 4
    assert all(f.fixable and not f.allowed and not f.detail for f in found)
    websocket = next(f for f in found if f.path == "app/api/routers/websocket.py")
    assert websocket.function == "app.api.routers.websocket.notifications"
    assert websocket.message == (
        "`SessionLocal()` opens a sync session outside its session module: "
        "use `async with AsyncSessionLocal() as session:`"
    )
