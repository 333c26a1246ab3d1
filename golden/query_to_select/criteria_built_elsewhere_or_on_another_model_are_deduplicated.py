from sqlalchemy import or_
from sqlalchemy.orm import Session

from app.models import Post, Team, User


def users_in_either_team(db: Session, first: Team, second: Team) -> list[User]:
    # the condition is built elsewhere: the tool cannot see which tables it brings in
    either = or_(User.teams.contains(first), User.teams.contains(second))
    return db.query(User).filter(either).all()


def authors_of_posts_titled(db: Session, title: str) -> list[User]:
    # `posts` joins the FROM list without a join(): one row per matching post
    return db.query(User).filter(User.id == Post.author_id, Post.title == title).all()


def users_matching(db: Session, *conditions) -> list[User]:
    return db.query(User).filter(*conditions).all()


def users_with_a_post_titled(db: Session, title: str) -> list[User]:
    # subqueries correlate instead: no repeated rows, no unique()
    return db.query(User).filter(User.posts.any(Post.title == title)).all()
# output
from sqlalchemy import select, or_
from sqlalchemy.orm import Session

from app.models import Post, Team, User


def users_in_either_team(db: Session, first: Team, second: Team) -> list[User]:
    # the condition is built elsewhere: the tool cannot see which tables it brings in
    either = or_(User.teams.contains(first), User.teams.contains(second))
    return db.execute(select(User).where(either)).scalars().unique().all()


def authors_of_posts_titled(db: Session, title: str) -> list[User]:
    # `posts` joins the FROM list without a join(): one row per matching post
    return db.execute(
        select(User).where(User.id == Post.author_id, Post.title == title)
    ).scalars().unique().all()


def users_matching(db: Session, *conditions) -> list[User]:
    return db.execute(select(User).where(*conditions)).scalars().unique().all()


def users_with_a_post_titled(db: Session, title: str) -> list[User]:
    # subqueries correlate instead: no repeated rows, no unique()
    return db.execute(
        select(User).where(User.posts.any(Post.title == title))
    ).scalars().all()
