import pytest
from sqlalchemy.orm import Session

from app import crud
from app.database import SessionLocal


@pytest.fixture
def db():
    with SessionLocal() as session:
        yield session


def test_create_user(db: Session) -> None:
    assert crud.create_user(db, "ada@example.com").id is not None
