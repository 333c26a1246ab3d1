from sqlalchemy.orm import Session


def is_known(db: Session, user_id: int) -> bool:
    if db.query(User).get(user_id) is None:
        return False
    return db.query(User).get(user_id).active and bool(db.query(Team).get(1).name)
# output
from sqlalchemy.orm import Session


def is_known(db: Session, user_id: int) -> bool:
    if db.get(User, user_id) is None:
        return False
    return db.get(User, user_id).active and bool(db.get(Team, 1).name)
