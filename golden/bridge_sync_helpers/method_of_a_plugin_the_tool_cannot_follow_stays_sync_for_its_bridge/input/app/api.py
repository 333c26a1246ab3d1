from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from app.database import get_db
from app.models import User
from app.plugins import PLUGINS

router = APIRouter()


@router.post("/users")
def create_user(email: str, kind: str = "email", db: Session = Depends(get_db)):
    plugin = PLUGINS[kind]()
    # which class's validate() runs is decided at run time: the tool cannot follow it
    if not plugin.validate(db, email):
        return {"created": False}
    db.add(User(email=email))
    db.commit()
    return {"created": True}
