from app import crud


def test_create_user(db) -> None:
    assert crud.create_user(db, "ada@example.com").id is not None
