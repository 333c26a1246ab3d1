from fastapi_pagination.ext.sqlalchemy import paginate
from sqlalchemy.orm import Session

from app.crud import active_users


def page(db: Session):
    # A third-party helper wants the Query itself: the builder keeps returning one.
    return paginate(active_users(db))
