from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def by_model(db: Session, model, column):
    # Lowercase names could hold an entity or a column: the result shape is unknown.
    return db.query(model).all(), db.query(column).first()
