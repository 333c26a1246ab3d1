from sqlalchemy.orm import Session


def get_membership(db: Session, user_id: int, group_id: int):
    return db.query(Membership).get((user_id, group_id))


def get_by_dict(db: Session, key: dict):
    return db.query(Membership).get({"user_id": key["u"], "group_id": key["g"]})
# output
from sqlalchemy.orm import Session


def get_membership(db: Session, user_id: int, group_id: int):
    return db.get(Membership, (user_id, group_id))


def get_by_dict(db: Session, key: dict):
    return db.get(Membership, {"user_id": key["u"], "group_id": key["g"]})
