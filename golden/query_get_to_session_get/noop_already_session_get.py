from sqlalchemy.orm import Session


def get_user(db: Session, user_id: int):
    return db.get(User, user_id)
