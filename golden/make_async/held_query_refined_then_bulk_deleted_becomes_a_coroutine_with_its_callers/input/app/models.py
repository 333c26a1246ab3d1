from typing import Optional

from sqlalchemy import Column, ForeignKey, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


team_members = Table(
    "team_members",
    Base.metadata,
    Column("team_id", ForeignKey("teams.id"), primary_key=True),
    Column("user_id", ForeignKey("users.id"), primary_key=True),
)


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    email = Column(String(100), unique=True, nullable=False)
    username = Column(String(50), unique=True)  # nullable: NULLs may repeat
    city = Column(String(50))
    posts = relationship("Post", back_populates="author")
    teams = relationship("Team", secondary=team_members, back_populates="members")
    profile = relationship("Profile", uselist=False, back_populates="user")


class Post(Base):
    __tablename__ = "posts"
    id = Column(Integer, primary_key=True)
    author_id = Column(ForeignKey("users.id"), nullable=False)
    slug = Column(String(100), nullable=False)
    title = Column(String(100), nullable=False)
    author = relationship("User", back_populates="posts")
    __table_args__ = (UniqueConstraint("slug"),)


class Team(Base):
    __tablename__ = "teams"
    id = Column(Integer, primary_key=True)
    name = Column(String(50), nullable=False)
    members = relationship("User", secondary=team_members, back_populates="teams")


class Profile(Base):
    __tablename__ = "profiles"
    id = Column(Integer, primary_key=True)
    user_id = Column(ForeignKey("users.id"), unique=True, nullable=False)
    user = relationship("User", back_populates="profile")


class Membership(Base):
    __tablename__ = "memberships"
    org_id = Column(Integer, primary_key=True)
    user_id = Column(Integer, primary_key=True)
    role = Column(String(20), nullable=False)


class Account(Base):
    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    handle: Mapped[str] = mapped_column(String(50), unique=True)
    nickname: Mapped[Optional[str]] = mapped_column(String(50), unique=True)
