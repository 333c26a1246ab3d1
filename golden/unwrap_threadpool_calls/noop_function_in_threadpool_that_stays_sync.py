import threading

from fastapi import APIRouter, Depends
from starlette.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from app.database import get_db
from app.models import User

router = APIRouter()
_lock = threading.Lock()


def load_user(db: Session, user_id: int) -> User | None:
    return db.get(User, user_id)


def start_loading(db: Session) -> None:
    # Handed to a thread: it cannot become a coroutine, nor can what it shares sessions with.
    threading.Thread(target=load_user, args=(db, 1)).start()


@router.get("/users/{user_id}")
async def read_user(user_id: int, db: Session = Depends(get_db)):
    user = await run_in_threadpool(load_user, db, user_id)
    return {"email": user.email if user else None}
