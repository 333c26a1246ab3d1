"""The schema the equivalence suites run against: keys of every shape, relationships."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import DeclarativeBase, relationship


class Base(DeclarativeBase):
    pass


team_members = Table(
    "team_members",
    Base.metadata,
    Column("team_id", ForeignKey("teams.id"), primary_key=True),
    Column("user_id", ForeignKey("users.id"), primary_key=True),
)


class Team(Base):
    __tablename__ = "teams"
    id = Column(Integer, primary_key=True)
    name = Column(String(50), nullable=False)
    members = relationship("User", secondary=team_members, back_populates="teams")


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    email = Column(String(100), unique=True, nullable=False)
    city = Column(String(50))
    active = Column(Integer, nullable=False, default=1)
    teams = relationship("Team", secondary=team_members, back_populates="members")
    posts = relationship("Post", back_populates="author", order_by="Post.id")


class Post(Base):
    __tablename__ = "posts"
    id = Column(Integer, primary_key=True)
    author_id = Column(ForeignKey("users.id"), nullable=False)
    title = Column(String(100), nullable=False)
    author = relationship("User", back_populates="posts")


class Membership(Base):
    """A composite primary key, for `get((a, b))` and `get({"a": ..., "b": ...})`."""

    __tablename__ = "memberships"
    org_id = Column(Integer, primary_key=True)
    user_id = Column(Integer, primary_key=True)
    role = Column(String(20), nullable=False)


def seed_rows() -> list[Base]:
    """The same rows for every run, sync or async; ids fixed so runs compare."""
    ada = User(id=1, email="ada@example.com", city="London", active=1)
    bob = User(id=2, email="bob@example.com", city="Paris", active=1)
    cyd = User(id=3, email="cyd@example.com", city="London", active=0)
    core = Team(id=1, name="core", members=[ada, bob])
    ops = Team(id=2, name="ops", members=[bob, cyd])
    posts = [
        Post(id=1, author=ada, title="hello"),
        Post(id=2, author=ada, title="again"),
        Post(id=3, author=bob, title="bonjour"),
    ]
    memberships = [
        Membership(org_id=1, user_id=1, role="owner"),
        Membership(org_id=1, user_id=2, role="member"),
        Membership(org_id=2, user_id=2, role="owner"),
    ]
    return [ada, bob, cyd, core, ops, *posts, *memberships]
