from app.database import SessionLocal, get_db
from app.models import User


def nightly() -> int:
    db = SessionLocal()  # expect: SQA003
    try:
        count = db.query(User).count()  # expect: SQA001
    finally:
        db.close()  # expect: SQA004
    return count


def with_block() -> None:
    with SessionLocal() as db:  # expect: SQA003
        db.query(User).delete()  # expect: SQA001
        db.commit()  # expect: SQA004


def by_hand() -> User | None:
    db = next(get_db())  # expect: SQA003
    return db.get(User, 1)  # expect: SQA004
