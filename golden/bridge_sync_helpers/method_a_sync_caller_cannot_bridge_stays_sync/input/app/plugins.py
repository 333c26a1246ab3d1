from sqlalchemy.orm import Session

from app.models import User


class EmailPlugin:
    def validate(self, email: str, db: Session) -> bool:
        return db.query(User).filter(User.email == email).count() == 0


PLUGINS = {"email": EmailPlugin}
