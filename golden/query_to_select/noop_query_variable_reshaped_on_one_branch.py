from sqlalchemy.orm import Session

from app.models import User


def ids_or_users(db: Session, only_ids: bool):
    # Rows of one column on one branch, users on the other: which result calls to use
    # is not known before the query runs.
    users = db.query(User)
    if only_ids:
        users = users.with_entities(User.id)
    return users.all()
