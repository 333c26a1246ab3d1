"""Queries that cross functions, as the index sees them: builders, receivers, handed shapes."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

from codemods.index import ProjectIndex, build_index
from codemods.runner import run
from codemods.settings import Settings, Target

MODELS = """
from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    email = Column(String, unique=True, nullable=False)
    posts = relationship("Post")


class Post(Base):
    __tablename__ = "posts"
    id = Column(Integer, primary_key=True)
    author_id = Column(ForeignKey("users.id"))
"""
HEADER = "from sqlalchemy.orm import Session\nfrom app.models import Post, User\n"


def _index(code: str, tmp_path: Path, target: Target = "sync-2.0") -> ProjectIndex:
    files = {
        "app/__init__.py": "",
        "app/models.py": MODELS,
        "app/logic.py": HEADER + textwrap.dedent(code),
    }
    parsed = []
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
        parsed.append((name, tmp_path / name, ast.parse(text)))
    return build_index(parsed, tmp_path, Settings(target=target), files)


def test_a_helper_without_a_session_gains_the_first_free_session_name(tmp_path: Path) -> None:
    index = _index(
        """
        def paginate(query, db_page):
            db = db_page
            return query.limit(db).all()

        def posts(session: Session):
            return paginate(session.query(Post), 3)
        """,
        tmp_path,
    )
    receiver = index.query_receivers["app.logic.paginate"]
    assert (receiver.parameter, receiver.position) == ("query", 0)
    assert (receiver.session, receiver.gains_session, receiver.session_position) == (
        "db_session",
        True,
        0,
    )
    assert receiver.shapes == ("entity",)


def test_a_helper_with_a_session_runs_the_query_on_it(tmp_path: Path) -> None:
    index = _index(
        """
        class Reports:
            def count(self, db: Session, query) -> int:
                return query.count()

        reports = Reports()

        def emails(db: Session):
            return reports.count(db, db.query(User.email))
        """,
        tmp_path,
    )
    receiver = index.query_receivers["app.logic.Reports.count"]
    assert (receiver.session, receiver.gains_session, receiver.session_position) == ("db", False, 1)
    assert (receiver.position, receiver.shapes) == (2, ("column",))


def test_a_query_followed_through_a_variable_and_a_builder(tmp_path: Path) -> None:
    index = _index(
        """
        def users(db: Session, email):
            q = db.query(User)
            if email:
                q = q.filter(User.email == email)
            return q.order_by(User.id)

        def count_of(query):
            return query.count()

        def how_many(db: Session):
            found = users(db, None)
            found = found.join(User.posts)
            return count_of(found)
        """,
        tmp_path,
    )
    builder = index.query_builders["app.logic.users"]
    assert (builder.session, builder.shapes, builder.repeats) == ("db", ("entity",), False)
    receiver = index.query_receivers["app.logic.count_of"]
    assert (receiver.shapes, receiver.repeats) == (("entity",), True)


def test_no_receiver_when_callers_hand_different_shapes_or_it_escapes(tmp_path: Path) -> None:
    index = _index(
        """
        def first_two(query):
            return query.limit(2).all()

        def stash(query, cache):
            cache.append(query)
            return query.count()

        def by_name(query):
            return query.count()

        HANDLERS = [by_name]

        def a(db: Session):
            return first_two(db.query(User)), stash(db.query(User), []), by_name(db.query(User))

        def b(db: Session):
            return first_two(db.query(User.email))
        """,
        tmp_path,
    )
    assert dict(index.query_receivers) == {}


def test_a_builder_does_no_session_io_and_a_receiver_becomes_async(tmp_path: Path) -> None:
    index = _index(
        """
        def users(db: Session):
            q = db.query(User)
            return q

        def count_of(query):
            return query.count()

        def how_many(db: Session):
            return count_of(users(db))
        """,
        tmp_path,
        target="async",
    )
    plan = index.async_plan
    assert "app.logic.users" not in plan.becomes_async
    assert {"app.logic.count_of", "app.logic.how_many"} <= plan.becomes_async
    assert plan.async_sessions["app.logic.count_of"] == frozenset({"db"})


def test_a_builder_whose_session_is_keyword_only(tmp_path: Path) -> None:
    index = _index(
        """
        def users(*, db_session: Session):
            return db_session.query(User)

        def emails(db_session: Session):
            return [u.email for u in users(db_session=db_session)]
        """,
        tmp_path,
    )
    builder = index.query_builders["app.logic.users"]
    assert (builder.session, builder.position) == ("db_session", -1)


def test_audit_and_migrate_agree_on_what_a_caller_withdraws(tmp_path: Path) -> None:
    """A builder a caller needs as a Query, a receiver handed a query it cannot rewrite:
    the audit calls exactly the queries `migrate` leaves not fixable."""
    code = """
        def users(db: Session):
            return db.query(User)

        def count_of(query):
            return query.count()

        def kept(db: Session):
            return somewhere.else_(users(db))

        def joined_by_string(db: Session):
            return count_of(db.query(User).join("posts"))

        def fine(db: Session):
            return db.query(User).count()
        """
    _index(code, tmp_path)  # writes the project
    (tmp_path / "pyproject.toml").write_text("")
    audited = run([tmp_path], tmp_path, Settings(target="sync-2.0"), "audit")
    open_before = sorted(f.message for f in audited.findings if not f.fixable)
    migrated = run([tmp_path], tmp_path, Settings(target="sync-2.0"), "apply")
    assert sorted(f.message for f in migrated.findings) == open_before
    assert len(open_before) == 2
    assert len(audited.findings) == 3
    assert (
        "return db.execute(select(func.count()).select_from(User))"
        in (tmp_path / "app/logic.py").read_text()
    )
