from app import crud


def email_of(db, user_id: int) -> str:
    return crud.get_user(db, user_id).email


def both(db, first: int, second: int) -> list:
    return [crud.get_user(db, first), crud.get_user(db, second)]


def maybe(db, user_id: int) -> bool:
    if crud.get_user(db, user_id) is None:
        return False
    return not crud.rename(db, user_id, "x").city
# output
from app import crud


async def email_of(db, user_id: int) -> str:
    return (await crud.get_user(db, user_id)).email


async def both(db, first: int, second: int) -> list:
    return [await crud.get_user(db, first), await crud.get_user(db, second)]


async def maybe(db, user_id: int) -> bool:
    if await crud.get_user(db, user_id) is None:
        return False
    return not (await crud.rename(db, user_id, "x")).city
