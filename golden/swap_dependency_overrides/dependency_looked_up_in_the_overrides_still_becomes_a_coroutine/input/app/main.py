from fastapi import Depends, FastAPI
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.database import get_db

app = FastAPI()


def get_current_user(db: Session = Depends(get_db)) -> str:
    return db.execute(text("SELECT 'ada'")).scalar_one()


@app.get("/me")
def me(user: str = Depends(get_current_user)):
    return {"user": user}
