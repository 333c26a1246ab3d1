from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy.orm import Session

from app import crud
from app.api.deps import get_current_active_user
from app.database import get_db
from app.models import User

router = APIRouter()


@router.get("/users")
def read_users(skip: int = 0, db: Session = Depends(get_db), me: User = Depends(get_current_active_user)):
    return [u.email for u in crud.user.get_multi(db, skip=skip)]


@router.get("/users/{user_id}")
def read_user(user_id: int, db: Session = Depends(get_db)):
    found = crud.user.get(db, id=user_id)
    if found is None:
        raise HTTPException(status_code=404)
    return {"email": found.email}
