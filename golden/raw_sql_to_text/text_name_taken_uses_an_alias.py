from sqlalchemy.orm import Session


def run(db: Session, text: str) -> None:
    db.execute("SELECT 1")
    log(text)
# output
from sqlalchemy.orm import Session
from sqlalchemy import text as sa_text


def run(db: Session, text: str) -> None:
    db.execute(sa_text("SELECT 1"))
    log(text)
