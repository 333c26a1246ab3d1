import threading

from app.models import User


def refresh_cache(db):
    # Handed to a thread as a plain callable: it cannot become a coroutine, and stays
    # sync with its session (reported); its query still gets the 2.0 form.
    return db.query(User).count()


def start(db):
    threading.Thread(target=refresh_cache, args=(db,)).start()
# output
import threading

from app.models import User
from sqlalchemy import func, select


def refresh_cache(db):
    # Handed to a thread as a plain callable: it cannot become a coroutine, and stays
    # sync with its session (reported); its query still gets the 2.0 form.
    return db.execute(select(func.count()).select_from(User)).scalar_one()


def start(db):
    threading.Thread(target=refresh_cache, args=(db,)).start()
