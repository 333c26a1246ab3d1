"""Dependency overrides as call-graph edges: the override and the functions it serves
become async together, or stay sync together."""

from __future__ import annotations

from pathlib import Path

from tests.test_pytest_links import index

ROUTES = """
from fastapi import Depends, FastAPI
from sqlalchemy.orm import Session

from app.database import SessionLocal

app = FastAPI()

def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()

@app.get("/things")
def things(db: Session = Depends(get_db)):
    return db.execute("SELECT 1").all()
"""


def test_an_override_handing_out_a_session_becomes_async_with_the_routes(tmp_path: Path) -> None:
    found = index(
        tmp_path,
        {
            "app/routes.py": ROUTES,
            "tests/test_things.py": """
                from app.database import SessionLocal
                from app.routes import app, get_db

                def override_get_db():
                    with SessionLocal() as db:
                        yield db

                app.dependency_overrides[get_db] = override_get_db
            """,
        },
    )
    plan = found.async_plan
    assert {"app.routes.things", "tests.test_things.override_get_db"} <= plan.becomes_async
    assert not plan.awaited_calls.get("app/routes.py")  # FastAPI calls it, no await written


def test_an_override_that_cannot_be_async_keeps_the_routes_sync(tmp_path: Path) -> None:
    found = index(
        tmp_path,
        {
            "app/routes.py": ROUTES,
            "tests/test_things.py": """
                from sqlalchemy.orm import Session
                from app.database import engine
                from app.routes import app, get_db

                def override_get_db():
                    yield Session(bind=engine.connect())

                app.dependency_overrides.update({get_db: override_get_db})
            """,
        },
    )
    kept = found.async_plan.kept_sync
    assert "no async twin" in kept["tests.test_things.override_get_db"]
    assert "override_get_db" in kept["app.routes.things"]
