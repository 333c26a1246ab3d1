from sqlalchemy.orm import Query, Session

from app.crud.base import CRUDBase
from app.models import User
from app.schemas.user import UserCreate
from app.security import hash_password, verify_password


class CRUDUser(CRUDBase[User]):
    def get_by_email(self, db: Session, email: str) -> User | None:
        return db.query(User).filter(User.email == email).first()

    def create(self, db: Session, obj_in: UserCreate, is_admin: bool = False) -> User:
        db_obj = User(
            email=obj_in.email,
            full_name=obj_in.full_name,
            hashed_password=hash_password(obj_in.password),
            tenant=obj_in.tenant,
            is_admin=is_admin,
        )
        db.add(db_obj)
        db.commit()
        db.refresh(db_obj)
        return db_obj

    def authenticate(self, db: Session, email: str, password: str) -> User | None:
        user = self.get_by_email(db, email)
        if user is None or not verify_password(password, user.hashed_password):
            return None
        return user

    def count(self, db: Session) -> int:
        return db.query(User).count()

    def search_query(self, db: Session, search: str | None = None) -> Query:
        query = db.query(User)
        if search:
            pattern = f"%{search.lower()}%"
            query = query.filter(
                User.email.ilike(pattern) | User.full_name.ilike(pattern)
            )
        return query.order_by(User.id)


user = CRUDUser(User)
