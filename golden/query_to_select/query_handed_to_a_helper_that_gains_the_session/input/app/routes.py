from sqlalchemy.orm import Session

from app import crud
from app.models import Post
from app.pagination import paginate


def list_posts(db: Session, page: int):
    return paginate(db.query(Post).order_by(Post.id), page)


def list_users(db: Session, city: str | None, page: int, size: int):
    query = crud.users_query(db, city)
    return paginate(query, page=page, size=size)


def list_users_directly(session, page: int):
    return paginate(crud.users_query(session), page)
