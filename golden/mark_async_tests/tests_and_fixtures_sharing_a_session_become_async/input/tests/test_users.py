import pytest
from sqlalchemy.orm import Session

from app import crud


def test_create_user(db: Session, email: str) -> None:
    user = crud.create_user(db, email)
    assert user.id is not None


@pytest.mark.parametrize("address", ["a@example.com", "b@example.com"])
def test_lookup_by_email(db, address):
    crud.create_user(db, address)
    assert crud.get_user_by_email(db, address).email == address


def test_user_fixture_is_awaited_by_the_plugin(user) -> None:
    assert user.email == "ada@example.com"


def test_email_shape(email: str) -> None:
    assert "@" in email


class TestUsers:
    def test_missing_user(self, db: Session) -> None:
        assert crud.get_user_by_email(db, "nobody@example.com") is None
