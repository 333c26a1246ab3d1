from sqlalchemy.orm import Session
from sqlalchemy_filters import apply_filters

from app.models import User


def filtered_users(db: Session, spec: list[dict]):
    """sqlalchemy-filters only takes a legacy Query: reported, left as it is."""
    return apply_filters(db.query(User), spec).all()
