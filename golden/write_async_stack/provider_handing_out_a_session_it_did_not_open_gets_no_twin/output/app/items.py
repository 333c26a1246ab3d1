from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from app.database import Item
from app.deps import get_db
from sqlalchemy import select

router = APIRouter()


@router.get("/items")
def read_items(db: Session = Depends(get_db)):
    return db.execute(select(Item)).scalars().all()
