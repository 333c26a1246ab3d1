from sqlalchemy.orm import Session

from app.crud.base import CRUDBase
from app.models import User


class CRUDUser(CRUDBase):
    def remove(self, db: Session, id: int) -> None:
        # the base class's method does the I/O: this override awaits it
        super().remove(db, id)

    def describe(self) -> str:
        return super().__repr__()


user = CRUDUser(User)
