from fastapi import APIRouter, Depends, HTTPException, status
from sqlalchemy.orm import Session

from app import crud
from app.database import get_db
from app.deps import get_current_user
from app.models import Ticket, User
from app.schemas import (
    AffectedRows,
    CommentCreate,
    CommentOut,
    TicketCreate,
    TicketDetail,
    TicketOut,
    TicketUpdate,
)
from app.schemas.ticket import TicketPriority, TicketStatus
from app.services import helpdesk

router = APIRouter(prefix="/tickets", tags=["helpdesk"])


def get_ticket_or_404(db: Session, ticket_id: int) -> Ticket:
    ticket = crud.ticket.get(db, ticket_id)
    if ticket is None:
        raise HTTPException(status_code=404, detail="Ticket not found")
    return ticket


def ensure_assignee_exists(db: Session, assignee_id: int | None) -> None:
    if assignee_id is not None and crud.user.get(db, assignee_id) is None:
        raise HTTPException(status_code=400, detail="Assignee does not exist")


@router.get("", response_model=list[TicketOut])
def list_tickets(
    status: TicketStatus | None = None,
    priority: TicketPriority | None = None,
    assignee_id: int | None = None,
    customer_id: int | None = None,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    return crud.ticket.list_filtered(
        db,
        status=status,
        priority=priority,
        assignee_id=assignee_id,
        customer_id=customer_id,
    )


@router.post("", response_model=TicketOut, status_code=status.HTTP_201_CREATED)
def create_ticket(
    ticket_in: TicketCreate,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    if crud.customer.get(db, ticket_in.customer_id) is None:
        raise HTTPException(status_code=404, detail="Customer not found")
    ensure_assignee_exists(db, ticket_in.assignee_id)
    return crud.ticket.create(db, ticket_in)


@router.post("/mark-read", response_model=AffectedRows)
def mark_my_tickets_read(
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    return {"count": crud.ticket.mark_all_read(db, current_user.id)}


@router.get("/{ticket_id}", response_model=TicketDetail)
def read_ticket(
    ticket_id: int,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    ticket = get_ticket_or_404(db, ticket_id)
    detail = TicketDetail.model_validate(ticket)
    detail.assignee_email = helpdesk.assignee_email(db, ticket)
    return detail


@router.patch("/{ticket_id}", response_model=TicketOut)
def update_ticket(
    ticket_id: int,
    ticket_in: TicketUpdate,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    ticket = get_ticket_or_404(db, ticket_id)
    ensure_assignee_exists(db, ticket_in.assignee_id)
    return helpdesk.update_ticket(db, ticket, ticket_in)


@router.post(
    "/{ticket_id}/comments",
    response_model=CommentOut,
    status_code=status.HTTP_201_CREATED,
)
def add_comment(
    ticket_id: int,
    comment_in: CommentCreate,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    ticket = get_ticket_or_404(db, ticket_id)
    if ticket.status == "closed":
        raise HTTPException(status_code=400, detail="Ticket is closed")
    return helpdesk.add_comment(
        db, ticket, current_user, comment_in.body, is_internal=comment_in.is_internal
    )
