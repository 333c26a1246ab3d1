from sqlalchemy import select, text
from sqlalchemy.orm import Session


def run(db: Session, sql: str) -> None:
    db.execute(text("SELECT 1"))
    db.execute(select(User))
    db.execute(sql)  # a variable: it may hold a statement already
    cursor.execute("SELECT 1")  # not a session
