from sqlalchemy import func
from sqlalchemy.orm import Session

from app.models import Post, User


def post_counts(db: Session) -> list[dict[str, int]]:  # expect: SQA002
    rows = (
        db.query(User.id.label("user_id"), func.count(Post.id).label("posts"))  # expect: SQA001
        .outerjoin(Post, Post.author_id == User.id)
        .group_by(User.id)
        .all()
    )
    # Rows of labelled columns: `row.posts` is a count, not the relationship
    return [{"user_id": row.user_id, "posts": row.posts} for row in rows]


def cities(db: Session) -> list[str]:  # expect: SQA002
    query = db.query(User).with_entities(User.city.label("author"))  # expect: SQA001
    return [row.author for row in query]


def titles_by_author(db: Session) -> list[tuple[str, int]]:  # expect: SQA002
    found = []
    for row in db.query(Post, User).join(Post.author).all():  # expect: SQA001
        # a Row of two entities: reading the entity loads nothing, its relationship does
        found.append((row.Post.title, len(row.User.posts)))  # expect: SQA007
    return found
