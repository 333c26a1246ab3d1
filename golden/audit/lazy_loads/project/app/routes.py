from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from app.database import get_db
from app.models import User

router = APIRouter()


@router.get("/users/{user_id}/titles")
def titles(user_id: int, db: Session = Depends(get_db)):  # expect: SQA002, SQA005
    user = db.get(User, user_id)  # expect: SQA004
    by_author = sorted(user.posts, key=lambda p: p.author.email)  # expect: SQA007, SQA007
    return [p.title for p in by_author]
