from sqlalchemy.orm import Session

from app.crud.base import CRUDBase
from app.models import User


class CRUDUser(CRUDBase[User]):
    def count_in_city(self, db: Session, city: str) -> int:
        return db.query(self.model).filter(self.model.city == city).count()


class Unrelated:
    def __init__(self, model):
        self.model = model

    def odd(self, db: Session):
        # Nothing says this `self.model` holds a mapped class: left alone, reported.
        return db.query(self.model).all()


user = CRUDUser(User)
