from sqlalchemy.orm import Session

from app.models import User


def purge_city(db: Session, city: str, username: str | None = None) -> int:
    # The variable holds a select(); the bulk delete is built from its entity and the
    # criteria it gathered, run where the query was: the function needs no Query left.
    query = db.query(User).filter(User.city == city)
    if username is not None:
        query = query.filter(User.username == username)
    deleted = query.delete(synchronize_session=False)
    db.commit()
    return deleted
