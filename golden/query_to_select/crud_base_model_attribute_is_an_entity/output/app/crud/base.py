from typing import Any, Generic, Type, TypeVar

from sqlalchemy.orm import Session
from sqlalchemy import select

ModelType = TypeVar("ModelType")


class CRUDBase(Generic[ModelType]):
    def __init__(self, model: Type[ModelType]):
        self.model = model

    def get(self, db: Session, id: Any) -> ModelType | None:
        return db.execute(
            select(self.model).where(self.model.id == id).limit(1)
        ).scalars().first()

    def get_multi(self, db: Session, skip: int = 0, limit: int = 100) -> list[ModelType]:
        return db.execute(select(self.model).offset(skip).limit(limit)).scalars().all()
