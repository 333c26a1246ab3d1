from .core import db as core_db
from .core.db import CoreSession


def nightly(user_id: int) -> None:
    session = CoreSession()
    try:
        user = session.query(User).get(user_id)
        user.seen = True
        session.commit()
    finally:
        session.close()


def weekly(user_id: int) -> None:
    with core_db.CoreSession() as s:
        s.query(User).get(user_id).seen = False
        s.commit()
