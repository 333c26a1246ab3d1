from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from app import crud
from app.database import get_db

router = APIRouter()


@router.delete("/cities/{city}/users")
def purge_city(city: str, username: str | None = None, db: Session = Depends(get_db)):
    return {"deleted": crud.purge_city(db, city, username)}
