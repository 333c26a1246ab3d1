from sqlalchemy.orm import Session

from app.crud.base import CRUDBase
from app.models import User
from sqlalchemy import func, select


class CRUDUser(CRUDBase[User]):
    def count_in_city(self, db: Session, city: str) -> int:
        return db.execute(
            select(func.count()).select_from(self.model).where(self.model.city == city)
        ).scalar_one()


class Unrelated:
    def __init__(self, model):
        self.model = model

    def odd(self, db: Session):
        # Nothing says this `self.model` holds a mapped class: left alone, reported.
        return db.query(self.model).all()


user = CRUDUser(User)
