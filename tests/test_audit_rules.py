"""Audit rules SQA007 (dynamic relationships) and SQA008 (expire on commit), through the
same engine the CLI runs: every registered rule sees each source."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from codemods.audit.findings import Finding
from codemods.audit.rules import RULES
from codemods.audit.rules.dynamic_relationship import DynamicRelationship
from codemods.audit.rules.expire_on_commit import ExpireOnCommit
from codemods.audit.rules.lazy_relationship_read import LazyRelationshipRead
from codemods.audit.rules.sync_session_dependency import SyncSessionDependency
from codemods.engine import AuditResult, audit_source
from codemods.index import ProjectIndex
from codemods.runner import run
from codemods.settings import Settings, load_settings
from codemods.symbols import SymbolTable

ASYNC_MAKER = "from sqlalchemy.ext.asyncio import async_sessionmaker\n"
ASYNC_SESSION = "from sqlalchemy.ext.asyncio import AsyncSession\n"
SESSIONMAKER = "from sqlalchemy.orm import sessionmaker\n"
RELATIONSHIP = "from sqlalchemy.orm import relationship\n"
BACKREF = "from sqlalchemy.orm import backref, relationship\n"
WHY = "every loaded attribute expires and the next read refreshes it with implicit I/O"


def audit(source: str, index: ProjectIndex | None = None) -> tuple[Finding, ...]:
    result = audit_source(source, Settings(), index or ProjectIndex(), relpath="app/db.py")
    assert isinstance(result, AuditResult), result
    return result.findings


def test_the_rules_are_registered_after_the_existing_ones_in_code_order() -> None:
    assert RULES[-3:] == (DynamicRelationship, LazyRelationshipRead, ExpireOnCommit)


# -- SQA008 expire-on-commit -------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            ASYNC_MAKER + "Factory = async_sessionmaker(engine, expire_on_commit=False)\n",
            id="async_sessionmaker with expire_on_commit=False",
        ),
        pytest.param(
            SESSIONMAKER
            + ASYNC_SESSION
            + "Factory = sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)\n",
            id="sessionmaker of AsyncSession with expire_on_commit=False",
        ),
        pytest.param(
            ASYNC_SESSION + "session = AsyncSession(engine, expire_on_commit=False)\n",
            id="AsyncSession with expire_on_commit=False",
        ),
        pytest.param(
            SESSIONMAKER + ASYNC_SESSION + "SessionLocal = sessionmaker(bind=engine)\n",
            id="sync sessionmaker without class_",
        ),
        pytest.param(
            SESSIONMAKER
            + "from sqlalchemy.orm import Session\n"
            + ASYNC_SESSION
            + "SessionLocal = sessionmaker(bind=engine, class_=Session)\n",
            id="sync sessionmaker of the sync Session",
        ),
        pytest.param(
            ASYNC_MAKER + "Factory = async_sessionmaker(engine, expire_on_commit=EXPIRE)\n",
            id="expire_on_commit given as a variable",
        ),
        pytest.param(
            ASYNC_MAKER + "Factory = async_sessionmaker(engine, **SESSION_OPTIONS)\n",
            id="options passed as **kwargs",
        ),
        pytest.param(
            "def async_sessionmaker(engine):\n    return engine\n\n\n"
            "Factory = async_sessionmaker(engine)\n",
            id="a local function named async_sessionmaker",
        ),
        pytest.param(
            ASYNC_SESSION + "def check(session: AsyncSession) -> bool:\n"
            "    return isinstance(session, AsyncSession)\n",
            id="AsyncSession named but not constructed",
        ),
    ],
)
def test_expire_on_commit_noop(source: str) -> None:
    assert audit(source) == ()


@pytest.mark.parametrize(
    ("source", "line", "column", "factory"),
    [
        pytest.param(
            ASYNC_MAKER + "\nAsyncSessionLocal = async_sessionmaker(engine, autoflush=False)\n",
            3,
            21,
            "`AsyncSessionLocal` (`async_sessionmaker(...)`)",
            id="async_sessionmaker assigned to a name",
        ),
        pytest.param(
            "from sqlalchemy.ext.asyncio import async_sessionmaker as make\n"
            "Factory = make(engine)\n",
            2,
            11,
            "`Factory` (`async_sessionmaker(...)`)",
            id="async_sessionmaker imported under an alias",
        ),
        pytest.param(
            "import sqlalchemy.ext.asyncio as aio\n"
            "Factory: aio.async_sessionmaker[aio.AsyncSession] = aio.async_sessionmaker(engine)\n",
            2,
            53,
            "`Factory` (`async_sessionmaker(...)`)",
            id="async_sessionmaker through a module alias, annotated",
        ),
        pytest.param(
            ASYNC_MAKER + "make_sessions(async_sessionmaker[AsyncSession](engine))\n",
            2,
            15,
            "`async_sessionmaker(...)` expires",
            id="subscripted async_sessionmaker not assigned",
        ),
        pytest.param(
            SESSIONMAKER + ASYNC_SESSION + "Factory = sessionmaker(engine, class_=AsyncSession)\n",
            3,
            11,
            "`Factory` (`sessionmaker(..., class_=AsyncSession)`)",
            id="sessionmaker with class_=AsyncSession",
        ),
        pytest.param(
            "from sqlalchemy import orm\n"
            "from sqlmodel.ext.asyncio.session import AsyncSession as ModelSession\n"
            "Factory = orm.sessionmaker(bind=engine, class_=ModelSession)\n",
            3,
            11,
            "`Factory` (`sessionmaker(..., class_=AsyncSession)`)",
            id="sessionmaker with sqlmodel's AsyncSession under an alias",
        ),
        pytest.param(
            ASYNC_SESSION + "async def work():\n"
            "    async with AsyncSession(engine) as session:\n"
            "        await session.commit()\n",
            3,
            16,
            "`AsyncSession(...)` expires",
            id="AsyncSession constructed directly",
        ),
        pytest.param(
            ASYNC_MAKER + "Factory = async_sessionmaker(engine, expire_on_commit=True)\n",
            2,
            11,
            "`Factory` (`async_sessionmaker(...)`)",
            id="expire_on_commit=True spelled out",
        ),
    ],
)
def test_expire_on_commit(source: str, line: int, column: int, factory: str) -> None:
    [finding] = audit(source)
    assert (finding.rule, finding.line, finding.column, finding.fixable) == (
        "SQA008",
        line,
        column,
        False,
    )
    assert factory in finding.message
    assert WHY in finding.message
    assert "raises MissingGreenlet" in finding.message
    assert finding.message.endswith("pass `expire_on_commit=False`")


def test_expire_on_commit_follows_a_project_re_export_under_another_name() -> None:
    aliases = {
        "app.compat.maker": "sqlalchemy.ext.asyncio.async_sessionmaker",
        "app.db.maker": "app.compat.maker",
    }
    index = ProjectIndex(symbols=SymbolTable(aliases=aliases))
    source = "from app.compat import maker\n\nFactory = maker(engine)\n"
    assert ExpireOnCommit.wanted(source, Settings(), index)
    [finding] = audit(source, index)
    assert (finding.rule, finding.line, finding.column) == ("SQA008", 3, 11)


def test_expire_on_commit_is_not_wanted_without_an_async_session_in_sight() -> None:
    source = SESSIONMAKER + "SessionLocal = sessionmaker(bind=engine)\n"
    assert not ExpireOnCommit.wanted(source, Settings(), ProjectIndex())


@pytest.mark.parametrize(
    ("source", "wanted"),
    [
        pytest.param(ASYNC_SESSION + "async def f(db: AsyncSession): ...\n", False, id="annotated"),
        pytest.param(ASYNC_SESSION + "s = AsyncSession (bind=engine)\n", True, id="called"),
        pytest.param(
            SESSIONMAKER + ASYNC_SESSION + "S = sessionmaker(engine, class_=AsyncSession)\n",
            True,
            id="a sessionmaker of them",
        ),
    ],
)
def test_expire_on_commit_is_wanted_where_async_sessions_are_made(
    source: str, wanted: bool
) -> None:
    assert ExpireOnCommit.wanted(source, Settings(), ProjectIndex()) is wanted


@pytest.mark.parametrize(
    ("source", "wanted"),
    [
        pytest.param("async def f(db: AsyncSession): ...\n", False, id="AsyncSession"),
        pytest.param("with AsyncSessionLocal() as db: ...\n", False, id="AsyncSessionLocal"),
        pytest.param("def f(db: orm.Session): ...\n", True, id="orm.Session"),
        pytest.param("def f(db=Depends(get_db)): ...\n", True, id="get_db"),
    ],
)
def test_sync_session_rules_want_a_sync_name_as_a_whole_word(source: str, wanted: bool) -> None:
    assert SyncSessionDependency.wanted(source, Settings(), ProjectIndex()) is wanted


# -- SQA007 lazy-load (dynamic relationships) ---------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            RELATIONSHIP + 'class User(Base):\n    items = relationship("Item", lazy="selectin")\n',
            id="a selectin relationship",
        ),
        pytest.param(
            RELATIONSHIP + "class User(Base):\n"
            '    items = relationship("Item", lazy="write_only")\n',
            id="a write_only relationship",
        ),
        pytest.param(
            "def relationship(target, lazy):\n    return target\n\n\n"
            "class User(Base):\n"
            '    items = relationship("Item", lazy="dynamic")\n',
            id="a local function named relationship",
        ),
        pytest.param(
            RELATIONSHIP + 'STRATEGY = "dynamic"\n\n\nclass User(Base):\n'
            '    items = relationship("Item", lazy=STRATEGY)\n',
            id="lazy given as a variable",
        ),
        pytest.param(
            RELATIONSHIP + "class User(Base):\n"
            '    items = relationship("Item", **{"lazy": "dynamic"})\n',
            id="lazy passed in **kwargs",
        ),
        pytest.param(
            BACKREF + "class Item(Base):\n"
            '    owner = relationship("User", backref=backref("items", lazy="selectin"))\n',
            id="a backref that is not dynamic",
        ),
        pytest.param(
            RELATIONSHIP + "class Item(Base):\n"
            '    kind = Column(String, default="dynamic")\n'
            '    owner = relationship("User")\n',
            id="dynamic written somewhere else",
        ),
    ],
)
def test_dynamic_relationship_noop(source: str) -> None:
    assert audit(source) == ()


@pytest.mark.parametrize(
    ("source", "line", "column", "name", "read"),
    [
        pytest.param(
            RELATIONSHIP + "\n\nclass User(Base):\n"
            '    items = relationship("Item", lazy="dynamic")\n',
            5,
            13,
            "User.items",
            "user.items",
            id="relationship with lazy dynamic in a model",
        ),
        pytest.param(
            "from sqlalchemy.orm import relationship as rel\n"
            "class OrderLine(Base):\n"
            "    notes = rel('Note', lazy='dynamic')\n",
            3,
            13,
            "OrderLine.notes",
            "order_line.notes",
            id="relationship imported under an alias",
        ),
        pytest.param(
            "import sqlalchemy.orm as orm\n"
            "class User(Base):\n"
            '    items: orm.Mapped[list["Item"]] = orm.relationship(lazy="dynamic")\n',
            3,
            39,
            "User.items",
            "user.items",
            id="annotated relationship through a module alias",
        ),
        pytest.param(
            "from sqlalchemy.orm import relation\n"
            "class User(Base):\n"
            '    items = relation("Item", lazy="dynamic")\n',
            3,
            13,
            "User.items",
            "user.items",
            id="the pre-2.0 relation",
        ),
        pytest.param(
            RELATIONSHIP + 'items = relationship("Item", lazy="dynamic")\n',
            2,
            9,
            "items",
            "obj.items",
            id="relationship outside a class",
        ),
        pytest.param(
            RELATIONSHIP + "class User(Base):\n"
            "    def total(self):\n"
            "        return 0\n"
            "\n\n"
            'notes = relationship("Note", lazy="dynamic")\n',
            7,
            9,
            "notes",
            "obj.notes",
            id="relationship after a class is not the class's",
        ),
        pytest.param(
            BACKREF + "class Item(Base):\n"
            '    owner = relationship("app.models.User", '
            'backref=backref("items", lazy="dynamic"))\n',
            3,
            53,
            "User.items",
            "user.items",
            id="dynamic backref named on the class it lands on",
        ),
        pytest.param(
            "from sqlalchemy import orm\n"
            "class Item(Base):\n"
            '    owner = orm.relationship(User, backref=orm.backref("items", lazy="dynamic"))\n',
            3,
            44,
            "User.items",
            "user.items",
            id="dynamic backref through the orm module",
        ),
    ],
)
def test_dynamic_relationship(source: str, line: int, column: int, name: str, read: str) -> None:
    [finding] = audit(source)
    assert (finding.rule, finding.line, finding.column, finding.fixable) == (
        "SQA007",
        line,
        column,
        False,
    )
    assert finding.message.startswith(f'`{name}` is a dynamic relationship (`lazy="dynamic"`)')
    assert "AppenderQuery does sync I/O and does not work with AsyncSession" in finding.message
    assert 'use `lazy="write_only"` with `WriteOnlyMapped`' in finding.message
    assert finding.message.endswith(f"`await session.scalars({read}.select())`")


def test_dynamic_relationship_and_its_dynamic_backref_are_two_findings() -> None:
    source = (
        BACKREF + "class Item(Base):\n"
        '    owner = relationship("User", lazy="dynamic", '
        'backref=backref("items", lazy="dynamic"))\n'
    )
    found = [(f.rule, f.line, f.column, f.message.split("`")[1]) for f in audit(source)]
    assert found == [("SQA007", 3, 13, "Item.owner"), ("SQA007", 3, 58, "User.items")]


def test_dynamic_relationship_is_not_wanted_without_the_word_dynamic() -> None:
    source = RELATIONSHIP + 'items = relationship("Item", lazy="selectin")\n'
    assert not DynamicRelationship.wanted(source, Settings(), ProjectIndex())


# -- SQA007 lazy-load: relationship reads in code that becomes a coroutine ----------------

READS_PROJECT = (
    "golden/load_relationships_in_code/relationship_reads_in_coroutines_go_through_the_session"
)
LEFT_OVER = """
from sqlalchemy.orm import Session

from app.models import Author


def sorted_titles(db: Session, author_id: int) -> list[str]:
    author = db.get(Author, author_id)
    first = author.books[0].title
    return sorted(b.title for b in author.books) + [first]


def by_title(db: Session, author_id: int) -> list[str]:
    author = db.get(Author, author_id)
    return sorted(author.books, key=lambda b: b.author.name)


def describe(author: Author) -> str:
    return author.name


async def render(db: Session, author_id: int) -> str:
    author = db.get(Author, author_id)
    return describe(author)


def titles_of(author: Author, db: Session) -> list[str]:
    db.commit()
    return [b.title for b in helper(author)]


def helper(author: Author):
    return (lambda: author.books)()
"""


def test_relationship_reads_are_fixable_where_the_session_can_load_them(
    tmp_path: Path,
) -> None:
    root = tmp_path / "project"
    shutil.copytree(Path(__file__).parent.parent / READS_PROJECT / "input", root)
    (root / "app/left_over.py").write_text(LEFT_OVER, encoding="utf-8")
    settings = load_settings(root)

    before = [f for f in run([root], root, settings, "audit").findings if f.rule == "SQA007"]
    left_over = [(f.line, f.column, f.fixable) for f in before if f.path == "app/left_over.py"]
    # `author.books` read in the function (also as a generator's first iterable, which is
    # evaluated there) can go through the session; `b.author`, read by the lambda
    # `sorted()` calls, cannot
    assert left_over == [(9, 13, True), (10, 36, True), (15, 19, True), (15, 47, False)]

    migrated = run([root], root, settings, "apply")
    assert not migrated.errors
    # what is left, as the migration reports it (a later audit sees project-written
    # coroutines, whose loading it cannot judge)
    after = [f for f in migrated.findings if f.rule == "SQA007"]
    assert [(f.path, f.line, f.column, f.fixable) for f in after] == [
        ("app/left_over.py", 15, 78, False)  # in the migrated code
    ]
    assert after[0].message == (
        "`b.author` lazy-loads under asyncio (MissingGreenlet) unless already loaded (inside a"
        " lambda, where `await` cannot go): load it with the query (`selectinload`), or read"
        " it through `await <session>.run_sync(...)`"
    )


ROWS_PROJECT = (
    "golden/load_relationships_in_code/rows_of_selected_columns_are_not_relationship_reads"
)
ROWS = """
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Order, OrderLine


def filtered(db: Session, reference: str | None) -> list[int]:
    q = db.query(Order.id, func.count(OrderLine.id).label("lines")).group_by(Order.id)
    if reference:
        q = q.filter(Order.reference == reference)
    return [row.lines for row in q]


def indexed(db: Session) -> int:
    rows = db.query(func.count(OrderLine.id).label("lines")).all()
    if not rows:
        return 0
    return rows[0].lines + db.query(Order.id.label("lines")).one().lines


def either(db: Session, order_id: int | None) -> int:
    if order_id:
        row = db.get(Order, order_id)
    else:
        row = db.query(Order.id.label("lines")).first()
    return len(row.lines)


def rebound_in_a_loop(db: Session) -> int:
    row = db.query(Order.id.label("lines")).first()
    n = 0
    for order_id in (1, 2):
        n += len(row.lines)
        row = db.get(Order, order_id)
    return n


def handed_on(db: Session) -> int:
    rows = db.query(Order.id.label("lines")).all()
    more = rows
    more.append(db.get(Order, 1))
    return len(rows[-1].lines)


def entities(db: Session) -> int:
    orders = db.query(Order).all()
    scalars = db.execute(select(Order)).scalars().all()
    return len(orders[0].lines) + len(scalars[0].lines)
"""


def test_attributes_of_rows_are_not_relationship_reads(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(Path(__file__).parent.parent / ROWS_PROJECT / "input", root)
    (root / "app/rows.py").write_text(ROWS, encoding="utf-8")
    report = run([root], root, load_settings(root), "audit")
    found = [(f.line, f.message.split("`")[1]) for f in report.findings if f.rule == "SQA007"]
    # a Row holds what the query selected: `row.lines` is a count, not the relationship;
    # a name that may hold an Order (another binding, a list handed on) still counts
    assert found == [
        (27, "row.lines"),
        (34, "row.lines"),
        (43, "rows[-1].lines"),
        (49, "orders[0].lines"),
        (49, "scalars[0].lines"),
    ]
    # every function becomes a coroutine: the reads left out are left out as Rows
    sync = [f for f in report.findings if f.rule == "SQA002" and f.path == "app/rows.py"]
    assert len(sync) == 6
    assert all(f.fixable for f in sync)


def test_lazy_load_rule_applies_only_where_the_run_converts_a_function(tmp_path: Path) -> None:
    """SQA007 judges reads in functions the run turns into coroutines; a file holding none
    is not parsed for it, however many relationships it names."""
    from codemods.runner import prepare

    audit_cases = Path(__file__).resolve().parent.parent / "golden" / "audit"
    root = tmp_path / "project"
    shutil.copytree(audit_cases / "_project", root)
    shutil.copytree(audit_cases / "lazy_loads" / "project", root, dirs_exist_ok=True)
    plain = "def post_titles(user):\n    return [p.title for p in user.posts]\n"
    (root / "app" / "plain.py").write_text(plain, encoding="utf-8")
    # defined under the name of a function the run converts, which it is taken for
    fallback = (
        "try:\n    from app.routes import titles\nexcept ImportError:\n\n"
        "    def titles(user_id, user):\n        return [p.title for p in user.posts]\n"
    )
    (root / "app" / "fallback.py").write_text(fallback, encoding="utf-8")
    settings = replace(load_settings(root), target="async")
    index = prepare([root], root, settings).index
    routes = (root / "app" / "routes.py").read_text(encoding="utf-8")
    assert LazyRelationshipRead.wanted(plain, settings, index)  # it names `posts`
    assert not LazyRelationshipRead.applies(plain, "app/plain.py", settings, index)
    assert LazyRelationshipRead.applies(routes, "app/routes.py", settings, index)
    assert "app/fallback.py" not in index.converted_files
    same_name = "def titles(user):\n    return [p.title for p in user.posts]\n"  # not imported
    assert not LazyRelationshipRead.applies(same_name, "app/same_name.py", settings, index)
    assert LazyRelationshipRead.applies(fallback, "app/fallback.py", settings, index)
    found = run([root], root, settings, "audit").findings
    assert ("app/fallback.py", 6, "SQA007") in {(f.path, f.line, f.rule) for f in found}
