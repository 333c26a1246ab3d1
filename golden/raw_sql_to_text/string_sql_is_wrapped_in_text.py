from sqlalchemy.orm import Session


def purge(db: Session, days: int) -> None:
    db.execute("DELETE FROM tokens WHERE age > :days", {"days": days})
    db.execute(
        "UPDATE users SET active = 0 "
        "WHERE last_seen IS NULL"
    )
    db.commit()


def health(db: Session) -> bool:
    return db.execute("SELECT 1").scalar() == 1
# output
from sqlalchemy.orm import Session
from sqlalchemy import text


def purge(db: Session, days: int) -> None:
    db.execute(text("DELETE FROM tokens WHERE age > :days"), {"days": days})
    db.execute(
        text("UPDATE users SET active = 0 "
        "WHERE last_seen IS NULL")
    )
    db.commit()


def health(db: Session) -> bool:
    return db.execute(text("SELECT 1")).scalar() == 1
