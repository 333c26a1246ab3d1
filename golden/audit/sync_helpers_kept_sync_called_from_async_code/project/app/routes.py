from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from app import service
from app.database import get_db
from app.limits import limiter
from app.models import User

router = APIRouter()


# A decorator that may not take a coroutine keeps `touch` sync, and with it `fetch`,
# which shares its session; `read` then calls a sync helper that does I/O.
@router.post("/users/{user_id}")
@limiter.limit("5/minute")
def touch(user_id: int, db: Session = Depends(get_db)):  # expect: SQA002, SQA005
    return service.fetch(db, user_id)


@router.get("/users/{user_id}")
async def read(user_id: int, db: Session = Depends(get_db)):  # expect: SQA002
    everyone = db.query(User).all()  # expect: SQA001
    user = service.fetch(db, user_id)  # expect: SQA006
    return {"user": user, "count": len(everyone)}
