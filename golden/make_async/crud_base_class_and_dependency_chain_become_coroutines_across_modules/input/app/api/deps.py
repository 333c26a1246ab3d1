from fastapi import Depends, Header, HTTPException
from sqlalchemy.orm import Session

from app import crud
from app.database import get_db
from app.models import User


def get_current_user(x_user: str = Header(), db: Session = Depends(get_db)) -> User:
    user = crud.user.get_by_email(db, email=x_user)
    if user is None:
        raise HTTPException(status_code=401)
    return user


def get_current_active_user(current_user: User = Depends(get_current_user)) -> User:
    if not crud.user.is_active(current_user):
        raise HTTPException(status_code=400, detail="Inactive user")
    return current_user
