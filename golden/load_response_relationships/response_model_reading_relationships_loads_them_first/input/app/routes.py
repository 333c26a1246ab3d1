from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy.orm import Session

from app.database import get_db
from app.models import Author
from app.schemas import AuthorDetail

router = APIRouter()


@router.get("/authors", response_model=list[AuthorDetail])
def list_authors(db: Session = Depends(get_db)):
    return db.query(Author).order_by(Author.id).all()


@router.get("/authors/{author_id}")
def read_author(author_id: int, db: Session = Depends(get_db)) -> AuthorDetail:
    author = db.get(Author, author_id)
    if author is None:
        raise HTTPException(status_code=404)
    return author
