from sqlalchemy.orm import Session, joinedload


def get_active(db: Session, user_id: int):
    # Criteria or options before get() need the full query rewrite, not this one.
    active = db.query(User).filter(User.active.is_(True)).get(user_id)
    loaded = db.query(User).options(joinedload(User.teams)).get(user_id)
    return active, loaded
