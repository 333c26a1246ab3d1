from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from app.database import get_db
from app.plugins import PLUGINS

router = APIRouter()


@router.get("/check")
def check(email: str, kind: str = "email", db: Session = Depends(get_db)):
    plugin = PLUGINS[kind]()
    # `email.lower()` would move into run_sync's lambda: no bridge, the route stays sync,
    # and so must every method this call may reach
    return {"valid": plugin.validate(email.lower(), db)}
