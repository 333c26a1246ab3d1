from fastapi import Depends, FastAPI
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.database import get_db

# the API
app = FastAPI(title="Inventory")


@app.get("/ping")
def ping(db: Session = Depends(get_db)):
    return {"ok": db.execute(text("SELECT 1")).scalar_one() == 1}
