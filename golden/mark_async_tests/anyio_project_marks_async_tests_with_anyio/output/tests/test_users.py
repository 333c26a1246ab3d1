import pytest

from app import crud


@pytest.mark.anyio
async def test_already_async() -> None:
    assert True


@pytest.mark.anyio
async def test_lookup(db, user) -> None:
    assert await crud.get_user_by_email(db, user.email) is user
