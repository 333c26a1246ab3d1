from app import crud
import pytest


@pytest.mark.asyncio(loop_scope="session")
async def test_create_user(db) -> None:
    assert (await crud.create_user(db, "ada@example.com")).id is not None
