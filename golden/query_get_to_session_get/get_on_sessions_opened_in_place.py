from sqlalchemy.orm import Session

from app.database import SessionLocal, engine, get_db


def with_block(user_id: int):
    with SessionLocal() as db:
        return db.query(User).get(user_id)


def try_finally(user_id: int):
    sync_db = SessionLocal()
    try:
        return sync_db.query(User).get(user_id)
    finally:
        sync_db.close()


def from_provider(user_id: int):
    db = next(get_db())
    return db.query(User).get(user_id)


def from_session_class(user_id: int):
    with Session(engine) as s:
        return s.query(User).get(user_id)


script_db = SessionLocal()
ADMIN = script_db.query(User).get(1)
# output
from sqlalchemy.orm import Session

from app.database import SessionLocal, engine, get_db


def with_block(user_id: int):
    with SessionLocal() as db:
        return db.get(User, user_id)


def try_finally(user_id: int):
    sync_db = SessionLocal()
    try:
        return sync_db.get(User, user_id)
    finally:
        sync_db.close()


def from_provider(user_id: int):
    db = next(get_db())
    return db.get(User, user_id)


def from_session_class(user_id: int):
    with Session(engine) as s:
        return s.get(User, user_id)


script_db = SessionLocal()
ADMIN = script_db.get(User, 1)
