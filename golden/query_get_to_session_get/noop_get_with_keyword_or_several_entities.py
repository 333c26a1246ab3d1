from sqlalchemy.orm import Session


def odd_forms(db: Session, user_id: int):
    by_keyword = db.query(User).get(ident=user_id)
    two_entities = db.query(User, Team).get(user_id)
    unpacked = db.query(*models).get(user_id)
    return by_keyword, two_entities, unpacked
