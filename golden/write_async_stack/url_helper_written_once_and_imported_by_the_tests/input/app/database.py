import os

from fastapi import Depends, FastAPI
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

engine = create_engine(os.environ["DATABASE_URL"])
SessionLocal = sessionmaker(bind=engine)
app = FastAPI()


def get_db():
    with SessionLocal() as db:
        yield db


@app.get("/ping")
def ping(db: Session = Depends(get_db)):
    return db.execute(text("SELECT 1")).scalar_one()
