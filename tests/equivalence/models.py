"""The schema the equivalence suites run against: keys of every shape, relationships."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


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


class Product(Base):
    """Written in the 2.0 `Mapped[...] = mapped_column(...)` style; `sku` is unique."""

    __tablename__ = "products"
    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(50))
    category: Mapped[str | None] = mapped_column(String(20))
    price_cents: Mapped[int] = mapped_column(Integer)
    stock_levels: Mapped[list[StockLevel]] = relationship(
        back_populates="product", order_by="StockLevel.warehouse"
    )


class StockLevel(Base):
    """A second composite primary key (string + integer), also in the 2.0 style."""

    __tablename__ = "stock_levels"
    warehouse: Mapped[str] = mapped_column(String(20), primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), primary_key=True)
    quantity: Mapped[int]
    product: Mapped[Product] = relationship(back_populates="stock_levels")


def seed_rows() -> list[Base]:
    """The same rows for every run, sync or async; ids fixed so runs compare."""
    ada = User(id=1, email="ada@example.com", city="London", active=1)
    bob = User(id=2, email="bob@example.com", city="Paris", active=1)
    cyd = User(id=3, email="cyd@example.com", city="London", active=0)
    # Added for the CRUD catalogue: several users per city, a NULL city, and users that
    # nothing references (fay, gus: no posts, teams or memberships). Post id 10 stays free:
    # originals/await_io.py inserts it.
    dee = User(id=4, email="dee@example.com", city="Paris", active=1)
    eve = User(id=5, email="eve@example.com", city="London", active=1)
    fay = User(id=6, email="fay@example.com", city=None, active=1)
    gus = User(id=7, email="gus@example.com", city="Berlin", active=0)
    core = Team(id=1, name="core", members=[ada, bob])
    ops = Team(id=2, name="ops", members=[bob, cyd])
    infra = Team(id=3, name="infra", members=[ada, dee, eve])
    empty = Team(id=4, name="empty", members=[])
    posts = [
        Post(id=1, author=ada, title="hello"),
        Post(id=2, author=ada, title="again"),
        Post(id=3, author=bob, title="bonjour"),
        Post(id=4, author=bob, title="again"),
        Post(id=5, author=dee, title="hello"),
        Post(id=6, author=eve, title="notes"),
        Post(id=7, author=eve, title="draft"),
        Post(id=8, author=eve, title="again"),
    ]
    memberships = [
        Membership(org_id=1, user_id=1, role="owner"),
        Membership(org_id=1, user_id=2, role="member"),
        Membership(org_id=2, user_id=2, role="owner"),
        Membership(org_id=2, user_id=4, role="member"),
        Membership(org_id=3, user_id=5, role="owner"),
    ]
    products = [
        Product(id=1, sku="w100", name="widget", category="tools", price_cents=250),
        Product(id=2, sku="g200", name="gadget", category="tools", price_cents=1200),
        Product(id=3, sku="z300", name="gizmo", category="toys", price_cents=800),
        Product(id=4, sku="d400", name="doohickey", category=None, price_cents=150),
    ]
    stock_levels = [
        StockLevel(warehouse="north", product_id=1, quantity=7),
        StockLevel(warehouse="south", product_id=1, quantity=3),
        StockLevel(warehouse="north", product_id=3, quantity=5),
        StockLevel(warehouse="south", product_id=4, quantity=0),
    ]
    users = [ada, bob, cyd, dee, eve, fay, gus]
    teams = [core, ops, infra, empty]
    return [*users, *teams, *posts, *memberships, *products, *stock_levels]
