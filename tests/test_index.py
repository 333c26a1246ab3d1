"""The project index: module names below source roots and session aliases across modules."""

from __future__ import annotations

import ast
from pathlib import Path

from codemods.index import build_index, import_path, module_of
from codemods.settings import Settings


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_import_paths_start_at_the_first_folder_that_is_not_a_package(tmp_path: Path) -> None:
    _write(tmp_path, {"backend/app/__init__.py": "", "backend/app/api/__init__.py": ""})
    _write(tmp_path, {"backend/app/api/users.py": "", "backend/main.py": "", "scripts/x.py": ""})
    assert import_path(tmp_path / "backend/app/api/users.py", tmp_path) == "app/api/users.py"
    assert import_path(tmp_path / "backend/main.py", tmp_path) == "main.py"
    assert import_path(tmp_path / "scripts/x.py", tmp_path) == "x.py"
    assert module_of("app/api/__init__.py").name == "app.api"
    assert module_of("app/api/users.py").package == "app.api"


def test_a_folder_without_init_that_the_project_imports_is_a_namespace_package(
    tmp_path: Path,
) -> None:
    # hng's layout: `api/` has no `__init__.py`, `api/v1/` has, imports say `api.v1...`
    _write(tmp_path, {"api/v1/__init__.py": "", "api/v1/routes/__init__.py": ""})
    _write(tmp_path, {"api/v1/routes/user.py": "", "api/db/database.py": ""})
    imported = {"api", "sqlalchemy"}
    route = tmp_path / "api/v1/routes/user.py"
    assert import_path(route, tmp_path, imported) == "api/v1/routes/user.py"
    assert import_path(tmp_path / "api/db/database.py", tmp_path, imported) == "api/db/database.py"
    assert import_path(route, tmp_path) == "v1/routes/user.py"  # nothing says otherwise


def test_a_source_folder_without_init_stays_the_root_when_imports_start_below_it(
    tmp_path: Path,
) -> None:
    _write(tmp_path, {"src/app/__init__.py": "", "src/app/main.py": "", "tests/test_x.py": ""})
    imported = {"app", "pytest"}
    assert import_path(tmp_path / "src/app/main.py", tmp_path, imported) == "app/main.py"
    assert import_path(tmp_path / "tests/test_x.py", tmp_path, imported) == "test_x.py"


def test_the_index_names_modules_of_namespace_packages_as_they_are_imported(
    tmp_path: Path,
) -> None:
    files = {
        "api/v1/__init__.py": "",
        "api/v1/crud.py": "def get(db):\n    return db.query(X).first()\n",
        "api/v1/routes.py": "from api.v1.crud import get\ndef read(db):\n    return get(db)\n",
    }
    _write(tmp_path, files)
    parsed = [(name, tmp_path / name, ast.parse(text)) for name, text in files.items()]
    index = build_index(parsed, tmp_path, Settings())
    assert index.import_path_of("api/v1/routes.py") == "api/v1/routes.py"
    assert {f.name for f in index.functions} >= {"api.v1.crud.get", "api.v1.routes.read"}


def test_session_aliases_follow_imports_and_relative_imports(tmp_path: Path) -> None:
    files = {
        "app/__init__.py": "",
        "app/deps.py": (
            "from typing import Annotated\n"
            "import typing as t\n"
            "from fastapi import Depends\n"
            "from sqlalchemy.orm import Session\n"
            "from sqlalchemy.ext import asyncio as sa_async\n"
            "SessionDep = Annotated[Session, Depends(get_db)]\n"
            "AsyncDep: t.TypeAlias = t.Annotated[sa_async.AsyncSession, Depends(get_async_db)]\n"
            "NotASession = Annotated[int, 'x']\n"
            "Plain = Session\n"
        ),
        "app/database.py": (
            "from sqlalchemy import orm\n"
            "from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker\n"
            "SessionLocal = orm.sessionmaker(bind=engine)\n"
            "Scoped = orm.scoped_session(SessionLocal)\n"
            "AsyncSessionLocal = async_sessionmaker(async_engine, expire_on_commit=False)\n"
            "LegacyAsync = orm.sessionmaker(async_engine, class_=AsyncSession)\n"
            "not_a_factory = orm.relationship('User')\n"
        ),
        "app/api/__init__.py": "",
        "app/api/more.py": (
            "from ..models import Session as Session\n"
            "from typing import Annotated\n"
            "Local = Annotated[Session, 1]\n"
        ),
    }
    _write(tmp_path, files)
    parsed = [(name, tmp_path / name, ast.parse((tmp_path / name).read_text())) for name in files]
    index = build_index(parsed, tmp_path, Settings())
    assert dict(index.session_aliases) == {
        "app.deps.SessionDep": "sync",
        "app.deps.AsyncDep": "async",
    }
    assert dict(index.session_factories) == {
        "app.database.SessionLocal": "sync",
        "app.database.Scoped": "sync",
        "app.database.AsyncSessionLocal": "async",
        "app.database.LegacyAsync": "async",
    }
    assert index.import_path_of("app/api/more.py") == "app/api/more.py"
    assert index.import_path_of("elsewhere/unknown.py") == "elsewhere/unknown.py"


def test_the_index_knows_which_files_hold_io_entry_points_and_coroutines(tmp_path: Path) -> None:
    files = {
        "app/__init__.py": "",
        "app/crud.py": "def get(db):\n    return db.query(X).first()\n",
        "app/routes.py": (
            "from fastapi import APIRouter, Depends\n"
            "from app.crud import get\n"
            "router = APIRouter()\n"
            "@router.get('/')\n"
            "def read(db=Depends(get_db)):\n"
            "    return get(db)\n"
        ),
        "app/tasks.py": "async def ping():\n    return 1\n",
    }
    _write(tmp_path, files)
    parsed = [(name, tmp_path / name, ast.parse(text)) for name, text in files.items()]
    index = build_index(parsed, tmp_path, Settings())
    assert index.files_with_io_entry_points == {"app/routes.py"}
    assert index.files_with_coroutines == {"app/tasks.py"}
