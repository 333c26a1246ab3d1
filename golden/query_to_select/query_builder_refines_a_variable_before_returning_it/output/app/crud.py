from sqlalchemy.orm import Session

from app.models import Post
from sqlalchemy import Select, func, select


def posts_query(db: Session, author_id: int | None, title: str | None) -> Select:
    posts = select(Post).join(Post.author)
    if author_id is not None:
        posts = posts.where(Post.author_id == author_id)
    if title:
        posts = posts.where(Post.title.contains(title))
    return posts


def titles(db: Session, author_id: int) -> list[str]:
    posts = posts_query(db, author_id, None)
    return [p.title for p in db.execute(posts.order_by(Post.id)).scalars().unique()]


def how_many(db: Session) -> int:
    return db.execute(
        select(func.count()).select_from(posts_query(db, None, "sql").subquery())
    ).scalar_one()
