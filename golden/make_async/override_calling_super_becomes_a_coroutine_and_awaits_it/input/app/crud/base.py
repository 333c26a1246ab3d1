from sqlalchemy.orm import Session

from app.database import Base


class CRUDBase:
    def __init__(self, model: type[Base]):
        self.model = model

    def remove(self, db: Session, id: int) -> None:
        obj = db.get(self.model, id)
        db.delete(obj)
        db.commit()
