from fastapi import Depends, FastAPI
from sqlalchemy.orm import Session

from app.database import SessionLocal
from app.models import User

app = FastAPI()


# The FastAPI tutorial's shape: the provider lives beside the app. It is part of the
# stack wherever it is (migrate writes its async twin beside it): not opened by hand.
def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


@app.get("/users/{user_id}")
def read_user(user_id: int, db: Session = Depends(get_db)):  # expect: SQA002, SQA005
    return db.get(User, user_id)  # expect: SQA004
