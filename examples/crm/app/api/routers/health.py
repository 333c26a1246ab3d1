from fastapi import APIRouter, Depends, Query
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.database import get_db

router = APIRouter(prefix="/health", tags=["meta"])


@router.get("/db")
def database_health(
    delay: float = Query(0.0, ge=0, le=5),
    db: Session = Depends(get_db),
):
    """Round trip to the database. On PostgreSQL the query waits `delay` seconds in the
    server (`pg_sleep`), which stands for a slow query; other databases ignore it."""
    dialect = db.get_bind().dialect.name
    if dialect == "postgresql":
        db.execute(text("SELECT pg_sleep(:delay)"), {"delay": delay})
    else:
        db.execute(text("SELECT 1"))
    return {"database": "ok", "dialect": dialect}
