"""fastapi-pagination, migrated: `paginate(db.query(...))` on a Session and the
`await apaginate(db, select(...))` it becomes on an AsyncSession return the same pages.

The module is migrated as a project by the real runner (`target = "async"`), then both
versions run on identically seeded databases (aiosqlite, and asyncpg when the
PostgreSQL DSN is set): every page's items and totals, and the tables, must match.
"""

from __future__ import annotations

import inspect
import textwrap
import warnings
from types import ModuleType

import pytest

from codemods.runner import run
from codemods.settings import Settings
from tests.equivalence.harness import load_module, run_async, run_sync

ORIGINAL = textwrap.dedent(
    """
    from fastapi_pagination import Params
    from fastapi_pagination.ext.sqlalchemy import paginate
    from sqlalchemy.orm import Session

    from tests.equivalence.models import Post, User


    def users_in_city(db: Session, city: str, page: int, size: int):
        return paginate(
            db.query(User).filter(User.city == city).order_by(User.id),
            Params(page=page, size=size),
        )


    def emails(db: Session, page: int, size: int):
        return paginate(db.query(User.email).order_by(User.email), Params(page=page, size=size))


    def authors_of_posts(db: Session, page: int, size: int):
        # a join: the legacy Query de-duplicated the authors, and so does the page
        return paginate(
            db.query(User).join(Post, Post.author_id == User.id).order_by(User.id),
            Params(page=page, size=size),
        )
    """
)
CASES = [
    ("users_in_city", ("London", 1, 2)),
    ("users_in_city", ("London", 2, 2)),
    ("users_in_city", ("Rome", 1, 2)),
    ("emails", (1, 3)),
    ("emails", (3, 3)),
    ("authors_of_posts", (1, 2)),
    ("authors_of_posts", (2, 2)),
]


@pytest.fixture(scope="module")
def modules(tmp_path_factory: pytest.TempPathFactory) -> tuple[ModuleType, ModuleType]:
    root = tmp_path_factory.mktemp("pagination_project")
    (root / "pages.py").write_text(ORIGINAL, encoding="utf-8")
    report = run([root], root, Settings(target="async"), "apply")
    assert not report.errors, [e.render() for e in report.errors]
    migrated = (root / "pages.py").read_text(encoding="utf-8")
    assert migrated.count("await apaginate(") == 3, migrated
    assert ".query(" not in migrated, migrated
    return load_module("sync_pages", ORIGINAL), load_module("async_pages", migrated)


def _page(page: object) -> object:
    return page.model_dump() if hasattr(page, "model_dump") else page


@pytest.mark.parametrize(("function", "args"), CASES, ids=[f"{f}{list(a)}" for f, a in CASES])
def test_apaginate_returns_the_pages_paginate_returned(
    urls: tuple[str, str],
    modules: tuple[ModuleType, ModuleType],
    function: str,
    args: tuple[object, ...],
) -> None:
    sync_url, async_url = urls
    original, migrated = (getattr(module, function) for module in modules)
    assert inspect.iscoroutinefunction(migrated)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # paginate(query) is deprecated
        before = run_sync(sync_url, lambda db, *a: _page(original(db, *a)), args)
    after = run_async(async_url, sync_url, _paged(migrated), args)
    assert after == before
    assert before.error is None


def _paged(function: object) -> object:
    async def page(db: object, *args: object) -> object:
        return _page(await function(db, *args))  # type: ignore[operator]

    return page
