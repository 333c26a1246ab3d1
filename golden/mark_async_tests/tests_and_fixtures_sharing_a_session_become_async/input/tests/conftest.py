from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from app import crud
from app.database import SessionLocal


@pytest.fixture
def db() -> Iterator[Session]:
    session = SessionLocal()
    try:
        yield session
    finally:
        session.close()


@pytest.fixture
def user(db: Session):
    return crud.create_user(db, "ada@example.com")


@pytest.fixture
def email() -> str:
    return "grace@example.com"
