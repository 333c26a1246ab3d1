from sqlalchemy.orm import Query, Session

from app.models import Post


def posts_query(db: Session, author_id: int | None, title: str | None) -> "Query":
    posts = db.query(Post).join(Post.author)
    if author_id is not None:
        posts = posts.filter(Post.author_id == author_id)
    if title:
        posts = posts.filter(Post.title.contains(title))
    return posts


def titles(db: Session, author_id: int) -> list[str]:
    posts = posts_query(db, author_id, None)
    return [p.title for p in posts.order_by(Post.id)]


def how_many(db: Session) -> int:
    return posts_query(db, None, "sql").count()
