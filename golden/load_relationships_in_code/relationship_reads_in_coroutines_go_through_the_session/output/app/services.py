
from app.database import AsyncSessionLocal
from app.models import Author, Book
from app.schemas import AuthorDetail, BookCreate
from sqlalchemy.ext.asyncio import AsyncSession


async def shelf_summary(db: AsyncSession, author_id: int) -> str:
    author = await db.get(Author, author_id)
    titles = [book.title for book in (await db.run_sync(lambda _: author.books))]
    first = (await db.run_sync(lambda _: author.books[0].author)).name if (await db.run_sync(lambda _: author.books)) else None
    return f"{first}: {', '.join(titles)} ({sum(1 for _ in (await db.run_sync(lambda _: author.books)))})"


async def add_book(db: AsyncSession, author_id: int, payload: BookCreate) -> AuthorDetail:
    author = await db.get(Author, author_id)
    (await db.run_sync(lambda _: author.books)).append(Book(title=payload.title))
    await db.commit()
    assert payload.author  # a schema field, not a relationship
    return (await db.run_sync(lambda _: AuthorDetail.model_validate(author)))


async def count_books_nightly() -> int:
    async with AsyncSessionLocal() as session:
        author = await session.get(Author, 1)
        return len((await session.run_sync(lambda _: author.books)))
