from sqlalchemy.orm import Session

from app.models import User
from sqlalchemy import func, select


class EmailPlugin:
    def validate(self, email: str, db: Session) -> bool:
        return db.execute(select(func.count()).select_from(User).where(User.email == email)).scalar_one() == 0


PLUGINS = {"email": EmailPlugin}
