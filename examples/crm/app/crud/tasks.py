from datetime import date

from sqlalchemy.orm import Query, Session

from app.crud.base import CRUDBase
from app.models import Task


class CRUDTask(CRUDBase[Task]):
    def list_query(
        self,
        db: Session,
        assignee_id: int | None = None,
        status: str | None = None,
        customer_id: int | None = None,
        lead_id: int | None = None,
        due_before: date | None = None,
    ) -> Query:
        query = db.query(Task)
        if assignee_id is not None:
            query = query.filter(Task.assignee_id == assignee_id)
        if status:
            query = query.filter(Task.status == status)
        if customer_id is not None:
            query = query.filter(Task.customer_id == customer_id)
        if lead_id is not None:
            query = query.filter(Task.lead_id == lead_id)
        if due_before is not None:
            query = query.filter(Task.due_date < due_before)
        return query.order_by(Task.due_date.is_(None), Task.due_date, Task.id)

    def open_for(self, db, assignee_id: int):
        return db.query(Task).filter(
            Task.assignee_id == assignee_id, Task.status == "open"
        )

    def reassign_open(self, db: Session, from_user_id: int, to_user_id: int) -> int:
        moved = (
            db.query(Task)
            .filter(Task.assignee_id == from_user_id, Task.status == "open")
            .update({Task.assignee_id: to_user_id}, synchronize_session="fetch")
        )
        db.commit()
        return moved

    def purge_done(self, db: Session, assignee_id: int | None = None) -> int:
        query = db.query(Task).filter(Task.status == "done")
        if assignee_id is not None:
            query = query.filter(Task.assignee_id == assignee_id)
        deleted = query.delete(synchronize_session=False)
        db.commit()
        return deleted


task = CRUDTask(Task)
