from fastapi import APIRouter

import legacy_reports

from app.deps import SessionDep
from app.models import User

router = APIRouter()


@router.get("/users/{user_id}")
def read_user(user_id: int, db: SessionDep):
    return db.get(User, user_id)


@router.get("/export")
def export(db: SessionDep):
    # A class built around the sync session: SessionDep, and `read_user`, stay sync.
    return legacy_reports.Exporter(db).run()
