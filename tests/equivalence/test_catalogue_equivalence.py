"""The migrated CRUD catalogue returns what the original returned, on SQLite and PostgreSQL.

`originals/crud_catalogue.py` is migrated by the engine (indexed with the models, as a
project run would), then every `CASES` entry runs original and migrated on identically
seeded databases; results, raised exception types and every table's rows must match.
Functions the tool does not rewrite yet come out unchanged and trivially agree; the
count of rewritten ones is pinned so that regressions show.
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy.exc import LegacyAPIWarning

from codemods.engine import MigrationResult, migrate_source
from codemods.index import build_index
from tests.conftest import postgres_dsn
from tests.equivalence.harness import SYNC_2_0, load_module, run_sync
from tests.equivalence.originals import crud_catalogue

ROOT = Path(__file__).resolve().parent.parent.parent
CATALOGUE = Path(crud_catalogue.__file__)
MODELS = CATALOGUE.parent.parent / "models.py"


def _migrated_source() -> str:
    source = CATALOGUE.read_text(encoding="utf-8")
    parsed = [
        (p.relative_to(ROOT).as_posix(), p, ast.parse(p.read_text(encoding="utf-8")))
        for p in (MODELS, CATALOGUE)
    ]
    index = build_index(parsed, ROOT, SYNC_2_0)
    result = migrate_source(source, SYNC_2_0, index, relpath=parsed[1][0])
    assert isinstance(result, MigrationResult), result
    return result.code


MIGRATED_SOURCE = _migrated_source()


@pytest.fixture(scope="module")
def migrated() -> ModuleType:
    return load_module("migrated_crud_catalogue", MIGRATED_SOURCE)


def _rewritten_functions() -> set[str]:
    def bodies(source: str) -> dict[str, str]:
        tree = ast.parse(source)
        return {
            node.name: ast.dump(node) for node in tree.body if isinstance(node, ast.FunctionDef)
        }

    before, after = bodies(CATALOGUE.read_text(encoding="utf-8")), bodies(MIGRATED_SOURCE)
    return {name for name in before if before[name] != after.get(name)}


def test_most_of_the_catalogue_is_rewritten() -> None:
    rewritten = _rewritten_functions()
    assert len(rewritten) >= 60, sorted(rewritten)


@pytest.fixture(params=["sqlite", "postgresql"], scope="module")
def sync_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('catalogue') / 'equivalence.db'}"
        return
    if postgres_dsn() is None:
        pytest.skip("PostgreSQL equivalence runs need SQLA_ASYNC_TEST_PG_DSN (set by .ci/run)")
    database: str = request.getfixturevalue("pg_module_database")
    yield database.replace("postgresql://", "postgresql+psycopg2://", 1)


@pytest.mark.parametrize(
    ("function", "args"),
    crud_catalogue.CASES,
    ids=[f"{name}{list(args) if args else ''}" for name, args in crud_catalogue.CASES],
)
def test_migrated_twin_is_equivalent(
    sync_url: str, migrated: ModuleType, function: str, args: tuple[object, ...]
) -> None:
    with warnings.catch_warnings():
        # Legacy code warns; what is compared is what it returns and writes.
        warnings.simplefilter("ignore", LegacyAPIWarning)
        original = run_sync(sync_url, getattr(crud_catalogue, function), args)
        after = run_sync(sync_url, getattr(migrated, function), args)
    assert after == original
