from sqlalchemy.orm import Session

from app.crud.base import CRUDBase
from app.models import User


class CRUDUser(CRUDBase[User]):
    def get_by_email(self, db: Session, email: str) -> User | None:
        return db.query(User).filter(User.email == email).first()

    def is_active(self, user: User) -> bool:
        return user.is_active


user = CRUDUser(User)
