from fastapi_pagination import Params
from fastapi_pagination.ext.sqlalchemy import paginate
from sqlalchemy.orm import Session

from app.models import User


def users_page(db: Session, params: Params):
    return paginate(db.query(User).filter(User.city == "London").order_by(User.id), params)


def everyone(db: Session):
    return paginate(db.query(User))
# output
from fastapi_pagination import Params
from fastapi_pagination.ext.sqlalchemy import paginate
from sqlalchemy.orm import Session

from app.models import User
from sqlalchemy import select


def users_page(db: Session, params: Params):
    return paginate(db, select(User).where(User.city == "London").order_by(User.id), params)


def everyone(db: Session):
    return paginate(db, select(User))
