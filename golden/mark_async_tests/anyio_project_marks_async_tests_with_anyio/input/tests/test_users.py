import pytest

from app import crud


@pytest.mark.anyio
async def test_already_async() -> None:
    assert True


def test_lookup(db, user) -> None:
    assert crud.get_user_by_email(db, user.email) is user
