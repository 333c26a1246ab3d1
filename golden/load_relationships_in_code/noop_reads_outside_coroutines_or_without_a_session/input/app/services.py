from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Author


async def author_titles(db: AsyncSession, author_id: int) -> list[str]:
    # the project's own coroutine: it loads the books itself
    author = await db.get(Author, author_id)
    return [book.title for book in await author.awaitable_attrs.books]


def titles(author: Author) -> list[str]:
    # no session, not a coroutine: stays as it is
    return [book.title for book in author.books]
