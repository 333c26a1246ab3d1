from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from app.database import get_db
from app.models import Post
from app.pagination import paginate

router = APIRouter()


def recent_posts(db: Session, page: int):
    posts = db.query(Post).order_by(Post.id.desc())
    return paginate(posts, page, 10)


@router.get("/posts")
def list_posts(page: int = 0, db: Session = Depends(get_db)):
    return {"page": recent_posts(db, page)}
