from fastapi import Depends, FastAPI
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.database import get_db

app = FastAPI()


@app.get("/health")
def health(db: Session = Depends(get_db)):
    return {"ok": db.execute(text("SELECT 1")).scalar_one() == 1}
