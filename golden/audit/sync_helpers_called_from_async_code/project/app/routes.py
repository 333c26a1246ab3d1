from fastapi import APIRouter, Depends
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from app.database import get_db
from app.models import User

router = APIRouter()


def count_users(db: Session) -> int:  # expect: SQA002
    return db.query(User).count()  # expect: SQA001


@router.get("/count")
async def count(db: Session = Depends(get_db)):  # expect: SQA002
    total = count_users(db)  # expect: SQA006
    again = await run_in_threadpool(count_users, db)
    return {"total": total, "again": again}
