from sqlalchemy.orm import Session

from app.models import User
from sqlalchemy import select


class EmailPlugin:
    def validate(self, db: Session, email: str) -> bool:
        return db.execute(select(User).where(User.email == email)).scalar_one_or_none() is None


PLUGINS = {"email": EmailPlugin}
