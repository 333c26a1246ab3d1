from fastapi import APIRouter

from app.deps import SessionDep
from app.models import User

router = APIRouter()


@router.get("/users/{user_id}")
def read_user(user_id: int, db: SessionDep):
    return db.get(User, user_id)


@router.get("/health")
def health(db: SessionDep):
    return {"ok": db is not None}
