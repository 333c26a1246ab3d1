import pytest

from app import crud
from sqlalchemy.ext.asyncio import AsyncSession


@pytest.mark.asyncio
async def test_create_user(db: AsyncSession, email: str) -> None:
    user = await crud.create_user(db, email)
    assert user.id is not None


@pytest.mark.asyncio
@pytest.mark.parametrize("address", ["a@example.com", "b@example.com"])
async def test_lookup_by_email(db, address):
    await crud.create_user(db, address)
    assert (await crud.get_user_by_email(db, address)).email == address


def test_user_fixture_is_awaited_by_the_plugin(user) -> None:
    assert user.email == "ada@example.com"


def test_email_shape(email: str) -> None:
    assert "@" in email


class TestUsers:
    @pytest.mark.asyncio
    async def test_missing_user(self, db: AsyncSession) -> None:
        assert await crud.get_user_by_email(db, "nobody@example.com") is None
