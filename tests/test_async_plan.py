"""The async plan: which functions become coroutines, which calls are awaited, what stays sync."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

from codemods.async_plan import AsyncPlan
from codemods.index import build_index
from codemods.settings import Settings

MODELS = """
from sqlalchemy.orm import DeclarativeBase
class Base(DeclarativeBase):
    pass
"""


ASYNC = Settings(target="async")


def plan(tmp_path: Path, files: dict[str, str], settings: Settings = ASYNC) -> AsyncPlan:
    parsed, sources = [], {}
    for relpath, text in {"app/__init__.py": "", **files}.items():
        path = tmp_path / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        source = textwrap.dedent(text)
        path.write_text(source, encoding="utf-8")
        parsed.append((relpath, path, ast.parse(source)))
        sources[relpath] = source
    return build_index(parsed, tmp_path, settings, sources).async_plan


CRUD = """
from sqlalchemy.orm import Session

def get_user(db: Session, user_id: int):
    return db.query(User).filter(User.id == user_id).first()

def users_query(db: Session):
    return db.query(User).filter(User.active == 1)
"""


def test_io_function_and_its_callers_become_async(tmp_path: Path) -> None:
    result = plan(
        tmp_path,
        {
            "app/crud.py": CRUD,
            "app/api.py": """
                from fastapi import APIRouter, Depends
                from sqlalchemy.orm import Session
                from app import crud
                from app.database import get_db

                router = APIRouter()

                @router.get("/users/{user_id}")
                def read_user(user_id: int, db: Session = Depends(get_db)):
                    user = crud.get_user(db, user_id)
                    return user
            """,
        },
    )
    assert result.becomes_async == {"app.crud.get_user", "app.api.read_user"}
    assert result.awaited_calls == {"app/api.py": {(11, 11)}}
    assert result.async_sessions["app.api.read_user"] == {"db"}
    assert result.kept_sync == {}


def test_a_pure_query_builder_stays_sync(tmp_path: Path) -> None:
    result = plan(tmp_path, {"app/crud.py": CRUD})
    assert "app.crud.users_query" not in result.becomes_async


def test_methods_through_module_level_instances(tmp_path: Path) -> None:
    result = plan(
        tmp_path,
        {
            "app/base.py": """
                class CRUDBase:
                    def __init__(self, model):
                        self.model = model

                    def get(self, db, id):
                        return db.get(self.model, id)
            """,
            "app/users.py": """
                from app.base import CRUDBase

                class CRUDUser(CRUDBase):
                    def by_email(self, db, email):
                        return self.get(db, 1)

                user = CRUDUser(object)
            """,
            "app/service.py": """
                from app import users

                def profile(db, user_id):
                    return users.user.get(db, user_id), users.user.by_email(db, "x")
            """,
        },
    )
    assert result.becomes_async == {
        "app.base.CRUDBase.get",
        "app.users.CRUDUser.by_email",
        "app.service.profile",
    }
    assert result.awaited_calls["app/service.py"] == {(5, 11), (5, 40)}
    assert result.awaited_calls["app/users.py"] == {(6, 15)}


def test_what_cannot_be_a_coroutine_keeps_its_call_chain_sync(tmp_path: Path) -> None:
    result = plan(
        tmp_path,
        {
            "app/crud.py": CRUD,
            "app/jobs.py": """
                import threading
                from app.crud import get_user

                def in_lambda(db):
                    return sorted([1], key=lambda _: get_user(db, 1))

                def report(db):
                    return get_user(db, 2)

                def start(db):
                    threading.Thread(target=report, args=(db,)).start()

                class Loader:
                    def __init__(self, db):
                        self.user = get_user(db, 3)
            """,
        },
    )
    assert result.becomes_async == set()
    assert result.kept_sync["app.jobs.in_lambda"].startswith(
        "calls `app.crud.get_user` inside a lambda"
    )
    assert result.kept_sync["app.jobs.report"] == (
        "used as a plain callback in `app.jobs.start`"
        "; needed async by app.jobs.report -> app.crud.get_user, which does session I/O"
    )
    assert result.kept_sync["app.jobs.Loader.__init__"] == (
        "`__init__` cannot be a coroutine; needed async by"
        " app.jobs.Loader.__init__ -> app.crud.get_user, which does session I/O"
    )
    assert result.kept_sync["app.crud.get_user"].startswith("shares sessions with")


def test_fastapi_runs_coroutines_it_is_given(tmp_path: Path) -> None:
    result = plan(
        tmp_path,
        {
            "app/crud.py": CRUD,
            "app/api.py": """
                from fastapi import BackgroundTasks, Depends
                from app.crud import get_user
                from app.database import get_db

                def current_user(db=Depends(get_db)):
                    return get_user(db, 1)

                def notify(db, user_id):
                    get_user(db, user_id)

                def endpoint(tasks: BackgroundTasks, me=Depends(current_user), db=Depends(get_db)):
                    tasks.add_task(notify, db, me)
            """,
        },
    )
    assert {"app.api.current_user", "app.api.notify"} <= result.becomes_async
    assert result.kept_sync == {}


def test_sessions_that_cannot_become_async(tmp_path: Path) -> None:
    result = plan(
        tmp_path,
        {
            "app/crud.py": CRUD,
            "app/more.py": """
                from reportlib import Exporter
                from app.crud import get_user
                from app.database import SessionLocal

                def listing(db):
                    get_user(db, 1)
                    return Exporter(db).run()

                def bulk(db):
                    get_user(db, 1)
                    db.bulk_save_objects([])

                def nightly():
                    db = SessionLocal()
                    return get_user(db, 1)
            """,
        },
    )
    assert result.kept_sync["app.more.listing"] == (
        "`db` is passed to `Exporter`, outside the project, a class that may keep it and use"
        " it later, outside `db.run_sync()`"
        "; needed async by app.more.listing -> app.crud.get_user, which does session I/O"
    )
    assert result.kept_sync["app.more.bulk"].startswith("`db.bulk_save_objects()` has no")
    assert result.kept_sync["app.more.nightly"].startswith("opens its own session")


def test_positions_count_characters_and_nested_functions(tmp_path: Path) -> None:
    result = plan(
        tmp_path,
        {
            "app/crud.py": CRUD,
            "app/views.py": """
                from app.crud import get_user

                def outer(db):
                    def inner():
                        return get_user(db, 1)
                    label = "héllo"; return inner()
            """,
        },
    )
    assert {"app.views.outer", "app.views.outer.<locals>.inner"} <= result.becomes_async
    # Columns count characters: "é" is two bytes in UTF-8, one column.
    assert result.awaited_calls["app/views.py"] == {(6, 15), (7, 28)}


def test_module_level_calls_keep_their_callee_sync(tmp_path: Path) -> None:
    result = plan(
        tmp_path,
        {
            "app/crud.py": CRUD,
            "app/script.py": """
                from app.crud import get_user
                from app.database import SessionLocal

                def main(db):
                    print(get_user(db, 1))

                main(SessionLocal())
            """,
        },
    )
    assert result.kept_sync["app.script.<module>"] == (
        "module-level code cannot await; needed async by"
        " app.script.<module> -> app.script.main -> app.crud.get_user, which does session I/O"
    )
    assert "app.script.main" in result.kept_sync


def test_calls_through_imports_inside_a_function_are_followed(tmp_path: Path) -> None:
    result = plan(
        tmp_path,
        {
            "app/crud.py": CRUD,
            "app/jobs.py": """
                from sqlalchemy.orm import Session

                def nightly(session: Session):
                    from app.crud import get_user
                    from app import crud as c

                    return get_user(session, 1), c.get_user(session, 2)
            """,
        },
    )
    assert "app.jobs.nightly" in result.becomes_async
    assert len(result.awaited_calls["app/jobs.py"]) == 2
    assert "app.jobs.nightly" not in result.kept_sync


def test_sync_helpers_are_bridged_and_keep_sync_functions_stay_sync(tmp_path: Path) -> None:
    result = plan(
        tmp_path,
        {
            "app/crud.py": CRUD,
            "app/legacy.py": """
                from app.crud import get_user

                def report(db, user_id):
                    return get_user(db, user_id).email
            """,
            "app/api.py": """
                import reportlib
                from app import legacy

                def export(db, path):
                    return reportlib.export(db, path)

                def report(db):
                    return legacy.report(db, 1)

                def later(db, schedule):
                    schedule(lambda: reportlib.export(db, "x"))
                    db.commit()
            """,
        },
        Settings(target="async", keep_sync=("app.legacy",)),
    )
    assert {"app.api.export", "app.api.report"} <= result.becomes_async
    assert result.bridged_calls["app/api.py"] == {
        (6, "reportlib.export", "db"),
        (9, "legacy.report", "db"),
    }
    assert result.kept_sync["app.legacy.report"] == (
        "listed in `keep-sync`; callers hand it their session with `run_sync`"
    )
    assert (
        result.kept_sync["app.crud.get_user"]
        == "called by `app.legacy.report`, listed in `keep-sync`"
    )
    assert result.kept_sync["app.api.later"] == (
        "`db` is passed to `reportlib.export`, outside the project, inside a lambda,"
        " which cannot await `run_sync`"
    )


def test_a_session_handed_to_a_call_without_a_name_keeps_the_function_sync(
    tmp_path: Path,
) -> None:
    result = plan(
        tmp_path,
        {
            "app/crud.py": CRUD,
            "app/api.py": """
                import reportlib
                from app.crud import get_user

                def export(db):
                    get_user(db, 1)
                    return reportlib.exporters["csv"](db)
            """,
        },
    )
    assert result.kept_sync["app.api.export"].startswith(
        "`db` is passed to `a call`, outside the project, whose callee has no name to bridge"
    )
    assert "app/api.py" not in result.bridged_calls
