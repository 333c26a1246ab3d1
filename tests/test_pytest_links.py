"""pytest's dependency injection as call-graph edges, and the async test plugin in use."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from codemods.index import ProjectIndex, build_index
from codemods.pytest_links import fixture_requests, is_test
from codemods.pytest_setup import pytest_setup, widest_scope
from codemods.settings import Settings

DATABASE = """
from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.orm import sessionmaker
engine = create_engine("sqlite://")
SessionLocal = sessionmaker(bind=engine)
AsyncSessionLocal = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))
"""
CRUD = """
from sqlalchemy.orm import Session
def save(db: Session, thing):
    db.add(thing)
    db.commit()
"""


def index(tmp_path: Path, files: dict[str, str]) -> ProjectIndex:
    parsed, sources = [], {}
    base = {
        "app/__init__.py": "",
        "app/database.py": DATABASE,
        "app/crud.py": CRUD,
        "tests/__init__.py": "",
        "tests/api/__init__.py": "",
    }
    for relpath, text in {**base, **files}.items():
        path = tmp_path / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        source = textwrap.dedent(text)
        path.write_text(source, encoding="utf-8")
        parsed.append((relpath, path, ast.parse(source)))
        sources[relpath] = source
    return build_index(parsed, tmp_path, Settings(target="async"), sources)


def requests(found: ProjectIndex) -> set[tuple[str, str, str]]:
    return {(c.name, p, f.name) for c, p, f in fixture_requests(found.functions)}


SESSION_FIXTURE = """
import pytest
from app.database import SessionLocal

@pytest.fixture
def db():
    yield SessionLocal()
"""


def test_fixtures_resolve_from_the_module_then_each_conftest_above(tmp_path: Path) -> None:
    found = index(
        tmp_path,
        {
            "tests/conftest.py": SESSION_FIXTURE,
            "tests/api/conftest.py": """
                import pytest

                @pytest.fixture(name="token")
                def make_token(db):
                    return "t"
            """,
            "tests/api/test_users.py": """
                import pytest

                @pytest.fixture
                def db(db):  # overrides the conftest fixture, and receives it
                    return db

                def test_one(db, token, unknown):
                    pass

                class TestGroup:
                    def test_two(self, token):
                        pass
            """,
        },
    )
    assert requests(found) == {
        ("tests.api.conftest.make_token", "db", "tests.conftest.db"),
        ("tests.api.test_users.db", "db", "tests.conftest.db"),
        ("tests.api.test_users.test_one", "db", "tests.api.test_users.db"),
        ("tests.api.test_users.test_one", "token", "tests.api.conftest.make_token"),
        ("tests.api.test_users.TestGroup.test_two", "token", "tests.api.conftest.make_token"),
    }


def test_a_session_fixture_becomes_async_with_the_tests_doing_io_on_it(tmp_path: Path) -> None:
    found = index(
        tmp_path,
        {
            "tests/conftest.py": SESSION_FIXTURE,
            "tests/test_save.py": """
                from app import crud

                def test_save(db):
                    crud.save(db, object())

                def test_nothing(db):
                    pass

                def test_without_session():
                    pass
            """,
        },
    )
    plan = found.async_plan
    assert {"tests.conftest.db", "tests.test_save.test_save"} <= plan.becomes_async
    # it receives an AsyncSession now, so it is async too, though it does no I/O
    assert "tests.test_save.test_nothing" in plan.becomes_async
    assert "tests.test_save.test_without_session" not in plan.becomes_async
    # pytest hands the fixture's value; nothing awaits it in the code
    assert all(column != -1 for lines in plan.awaited_calls.values() for _, column in lines)


def test_a_fixture_doing_io_becomes_async_without_its_consumers(tmp_path: Path) -> None:
    found = index(
        tmp_path,
        {
            "tests/conftest.py": """
                import pytest
                from app import crud
                from app.database import SessionLocal

                @pytest.fixture
                def saved():
                    with SessionLocal() as session:
                        crud.save(session, object())
                    return "saved"
            """,
            "tests/test_read.py": """
                def test_read(saved):
                    assert saved == "saved"
            """,
        },
    )
    assert "tests.conftest.saved" in found.async_plan.becomes_async
    assert "tests.test_read.test_read" not in found.async_plan.becomes_async


def test_under_anyio_every_consumer_of_an_async_fixture_is_async(tmp_path: Path) -> None:
    found = index(
        tmp_path,
        {
            "tests/conftest.py": """
                import pytest
                from app import crud
                from app.database import SessionLocal

                @pytest.fixture
                def anyio_backend():
                    return "asyncio"

                @pytest.fixture
                def saved():
                    with SessionLocal() as session:
                        crud.save(session, object())
                    return "saved"
            """,
            "tests/test_read.py": """
                def test_read(saved):
                    assert saved == "saved"
            """,
        },
    )
    assert found.pytest.anyio
    assert "tests.test_read.test_read" in found.async_plan.becomes_async


def test_a_session_fixture_that_cannot_be_async_keeps_its_tests_sync(tmp_path: Path) -> None:
    found = index(
        tmp_path,
        {
            "tests/conftest.py": """
                import pytest
                from sqlalchemy.orm import Session
                from app.database import engine

                @pytest.fixture
                def db():
                    connection = engine.connect()
                    yield Session(bind=connection)
            """,
            "tests/test_save.py": """
                from app import crud

                def test_save(db):
                    crud.save(db, object())
            """,
        },
    )
    kept = found.async_plan.kept_sync
    assert "no async twin" in kept["tests.conftest.db"]
    assert "tests.conftest.db" in kept["tests.test_save.test_save"]
    assert "app.crud.save" in kept


@pytest.mark.parametrize(
    ("relpath", "name", "expected"),
    [
        pytest.param("tests/test_a.py", "tests.test_a.test_x", True, id="test module function"),
        pytest.param("tests/a_test.py", "tests.a_test.test_x", True, id="suffix test module"),
        pytest.param("tests/helpers.py", "tests.helpers.test_x", False, id="not a test module"),
        pytest.param("tests/test_a.py", "tests.test_a.helper", False, id="not a test name"),
        pytest.param("tests/test_a.py", "tests.test_a.Helper.test_x", False, id="not a Test class"),
    ],
)
def test_what_counts_as_a_test(tmp_path: Path, relpath: str, name: str, expected: bool) -> None:
    found = index(
        tmp_path,
        {
            relpath: "class Helper:\n    def test_x(self): ...\ndef test_x(): ...\n"
            "def helper(): ...\n"
        },
    )
    facts = {f.name: f for f in found.functions}
    assert is_test(facts[name]) is expected


@pytest.mark.parametrize(
    ("files", "plugin", "auto", "declared"),
    [
        pytest.param({}, "pytest-asyncio", False, False, id="nothing: pytest-asyncio, to add"),
        pytest.param(
            {"pytest.ini": "[pytest]\nasyncio_mode = auto\n"},
            "pytest-asyncio",
            True,
            True,
            id="auto mode in pytest.ini",
        ),
        pytest.param(
            {"pyproject.toml": '[tool.pytest.ini_options]\nasyncio_mode = "strict"\n'},
            "pytest-asyncio",
            False,
            True,
            id="strict mode in pyproject",
        ),
        pytest.param(
            {"setup.cfg": "[tool:pytest]\nasyncio_mode = auto\n"},
            "pytest-asyncio",
            True,
            True,
            id="auto mode in setup.cfg",
        ),
        pytest.param(
            {"requirements-dev.txt": "pytest\npytest-asyncio==0.24\n"},
            "pytest-asyncio",
            False,
            True,
            id="declared in requirements",
        ),
    ],
)
def test_the_plugin_and_its_mode(
    tmp_path: Path, files: dict[str, str], plugin: str, auto: bool, declared: bool
) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    setup = pytest_setup(tmp_path, [])
    assert (setup.plugin, setup.auto_mode, setup.declared) == (plugin, auto, declared)


def test_the_widest_scope_wins() -> None:
    assert widest_scope(["function", "module", "class"]) == "module"
    assert widest_scope([]) == "function"


def test_unittest_test_case_methods_stay_sync_with_what_they_call(tmp_path: Path) -> None:
    found = index(
        tmp_path,
        {
            "tests/test_legacy.py": """
                import unittest
                from app import crud
                from app.database import SessionLocal

                class Base(unittest.TestCase):
                    def setUp(self):
                        self.db = SessionLocal()

                class SaveTests(Base):
                    def test_save(self):
                        crud.save(self.db, object())

                class AsyncSaveTests(unittest.IsolatedAsyncioTestCase):
                    def test_other(self):
                        pass
            """,
        },
    )
    kept = found.async_plan.kept_sync
    assert kept["tests.test_legacy.SaveTests.test_save"].startswith(
        "a method of a `unittest.TestCase`, whose runner never awaits it"
    )
    assert "tests.test_legacy.SaveTests.test_save" in kept["app.crud.save"]
    assert "tests.test_legacy.SaveTests.test_save" not in found.async_plan.becomes_async
