from sqlalchemy.orm import Session

from app.models import User


class Search:
    def __init__(self, db: Session, index):
        self.db = index  # a search index, whatever the parameter name suggests

    def users(self):
        return self.db.query(User).all()
