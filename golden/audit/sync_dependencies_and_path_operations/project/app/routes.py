from fastapi import APIRouter, BackgroundTasks, Depends

from app.deps import SessionDep, current_user
from app.models import User

router = APIRouter()


@router.get("/users/{user_id}")
def read_user(user_id: int, db: SessionDep):  # expect: SQA002, SQA005
    return db.get(User, user_id)  # expect: SQA004


@router.get("/me")
def me(user: User = Depends(current_user)):
    return {"email": user.email}


def touch(db: SessionDep, user_id: int) -> None:  # expect: SQA002, SQA005
    db.get(User, user_id).city = "Paris"  # expect: SQA004
    db.commit()  # expect: SQA004


@router.post("/touch/{user_id}")
def touch_later(user_id: int, tasks: BackgroundTasks, db: SessionDep):  # expect: SQA002, SQA005
    tasks.add_task(touch, db, user_id)


@router.get("/health")
def health():
    return {"ok": True}
