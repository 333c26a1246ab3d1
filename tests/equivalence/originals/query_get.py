"""Sync CRUD functions using `Query.get()`: the original side of an equivalence run."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from tests.equivalence.models import Membership, User


def get_user(db: Session, user_id: int) -> Any:
    return db.query(User).get(user_id)


def get_missing(db: Session) -> Any:
    return db.query(User).get(999)


def get_composite_tuple(db: Session) -> Any:
    return db.query(Membership).get((1, 2))


def get_composite_dict(db: Session) -> Any:
    return db.query(Membership).get({"org_id": 2, "user_id": 2})


def get_sees_unflushed_change_in_identity_map(db: Session) -> Any:
    user = db.query(User).filter(User.id == 1).one()
    user.city = "Berlin"
    again = db.query(User).get(1)
    return again.city, again is user


def get_after_delete_and_commit(db: Session) -> Any:
    user = db.query(User).get(3)
    db.delete(user)
    db.commit()
    return db.query(User).get(3)


def get_with_wrong_key_shape(db: Session) -> Any:
    return db.query(Membership).get(1)


def update_through_get(db: Session) -> Any:
    user = db.query(User).get(2)
    user.city = "Rome"
    db.commit()
    return user


CASES: list[tuple[str, tuple[Any, ...]]] = [
    ("get_user", (1,)),
    ("get_user", (3,)),
    ("get_missing", ()),
    ("get_composite_tuple", ()),
    ("get_composite_dict", ()),
    ("get_sees_unflushed_change_in_identity_map", ()),
    ("get_after_delete_and_commit", ()),
    ("get_with_wrong_key_shape", ()),
    ("update_through_get", ()),
]
