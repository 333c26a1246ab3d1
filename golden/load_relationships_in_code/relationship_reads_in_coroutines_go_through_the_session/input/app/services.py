from sqlalchemy.orm import Session

from app.database import SessionLocal
from app.models import Author, Book
from app.schemas import AuthorDetail, BookCreate


def shelf_summary(db: Session, author_id: int) -> str:
    author = db.get(Author, author_id)
    titles = [book.title for book in author.books]
    first = author.books[0].author.name if author.books else None
    return f"{first}: {', '.join(titles)} ({sum(1 for _ in author.books)})"


def add_book(db: Session, author_id: int, payload: BookCreate) -> AuthorDetail:
    author = db.get(Author, author_id)
    author.books.append(Book(title=payload.title))
    db.commit()
    assert payload.author  # a schema field, not a relationship
    return AuthorDetail.model_validate(author)


def count_books_nightly() -> int:
    with SessionLocal() as session:
        author = session.get(Author, 1)
        return len(author.books)
