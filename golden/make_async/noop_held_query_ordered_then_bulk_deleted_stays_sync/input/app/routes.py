from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from app import crud
from app.database import get_db

router = APIRouter()


@router.delete("/cities/{city}/oldest")
def purge_oldest(city: str, db: Session = Depends(get_db)):
    return {"deleted": crud.purge_oldest(db, city)}
