from collections import Counter
from datetime import date, datetime, timezone

from sqlalchemy.orm import Session

from app import crud
from app.models import Task, User


class TaskError(Exception):
    pass


def check_references(
    db,
    assignee_id: int | None = None,
    customer_id: int | None = None,
    lead_id: int | None = None,
) -> None:
    if assignee_id is not None and crud.user.get(db, assignee_id) is None:
        raise TaskError("Assignee does not exist")
    if customer_id is not None and crud.customer.get(db, customer_id) is None:
        raise TaskError("Customer does not exist")
    if lead_id is not None and crud.lead.get(db, lead_id) is None:
        raise TaskError("Lead does not exist")


def complete_task(db: Session, task: Task) -> Task:
    if task.status == "done":
        raise TaskError("The task is already done")
    task.status = "done"
    task.completed_at = datetime.now(timezone.utc)
    db.commit()
    db.refresh(task)
    return task


def agenda(db: Session, user: User, today: date | None = None) -> dict[str, int]:
    today = today or date.today()
    buckets: Counter[str] = Counter()
    for task in crud.task.open_for(db, user.id):
        if task.due_date is None:
            buckets["unscheduled"] += 1
        elif task.due_date < today:
            buckets["overdue"] += 1
        elif task.due_date == today:
            buckets["today"] += 1
        else:
            buckets["upcoming"] += 1
    return {
        name: buckets[name] for name in ("overdue", "today", "upcoming", "unscheduled")
    }


def can_change(task: Task, user: User) -> bool:
    return user.is_admin or user.id in (task.assignee_id, task.created_by_id)
