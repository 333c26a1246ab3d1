from sqlalchemy.orm import Session

from app.models import User
from sqlalchemy import select


def active(db: Session):
    # TODO(sqla-async): the query is not executed where it is built (held in a variable, returned or passed on): not rewritten yet
    return db.query(User).filter(User.city.isnot(None))


def with_posts(db: Session) -> list[User]:
    if True:
        # an existing comment stays above the TODO
        # TODO(sqla-async): a join by string or with legacy arguments has no 2.0 form
        found = db.query(User).join("posts").all()
    return found


def fine(db: Session) -> list[User]:
    return db.execute(select(User)).scalars().all()
