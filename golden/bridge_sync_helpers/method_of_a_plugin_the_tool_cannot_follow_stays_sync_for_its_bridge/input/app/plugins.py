from sqlalchemy.orm import Session

from app.models import User


class EmailPlugin:
    def validate(self, db: Session, email: str) -> bool:
        return db.query(User).filter(User.email == email).first() is None


PLUGINS = {"email": EmailPlugin}
