from collections import Counter
from datetime import datetime, timezone

from sqlalchemy.orm import Session

from app.models import Ticket, TicketComment, User
from app.schemas.ticket import TicketUpdate

PRIORITIES = ("high", "normal", "low")


def assignee_email(db: Session, ticket: Ticket) -> str | None:
    if ticket.assignee_id is None:
        return None
    row = db.query(User.email).filter(User.id == ticket.assignee_id).first()
    return row.email if row else None


def update_ticket(db: Session, ticket: Ticket, ticket_in: TicketUpdate) -> Ticket:
    changes = ticket_in.model_dump(exclude_unset=True)
    if "assignee_id" in changes and changes["assignee_id"] != ticket.assignee_id:
        ticket.is_read = False
    if changes.get("status") == "closed" and ticket.status != "closed":
        ticket.closed_at = datetime.now(timezone.utc)
    elif "status" in changes and changes["status"] != "closed":
        ticket.closed_at = None
    for field, value in changes.items():
        setattr(ticket, field, value)
    db.commit()
    db.refresh(ticket)
    return ticket


def add_comment(
    db: Session, ticket: Ticket, author: User, body: str, is_internal: bool = False
) -> TicketComment:
    comment = TicketComment(
        ticket_id=ticket.id, author_id=author.id, body=body, is_internal=is_internal
    )
    db.add(comment)
    if ticket.status == "pending" and not is_internal:
        ticket.status = "open"
    if ticket.assignee_id is not None and ticket.assignee_id != author.id:
        ticket.is_read = False
    db.commit()
    db.refresh(comment)
    return comment


def open_ticket_breakdown(db) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for t in db.query(Ticket).filter(Ticket.status != "closed"):
        counts[t.priority] += 1
    return {priority: counts.get(priority, 0) for priority in PRIORITIES}


def unread_count(db, user_id: int) -> int:
    return (
        db.query(Ticket)
        .filter(
            Ticket.assignee_id == user_id,
            Ticket.is_read.is_(False),
            Ticket.status != "closed",
        )
        .count()
    )


def open_tickets_for(db, user_id: int, limit: int = 10) -> list[Ticket]:
    return (
        db.query(Ticket)
        .filter(Ticket.assignee_id == user_id, Ticket.status != "closed")
        .order_by(Ticket.id)
        .limit(limit)
        .all()
    )
