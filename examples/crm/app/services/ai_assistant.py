import logging

from sqlalchemy import func

from app.models import Customer, Lead, Quote, Ticket, User
from app.services.dashboard import OPEN_LEAD_STATUSES

logger = logging.getLogger(__name__)

MAX_SUGGESTIONS = 5


def collect_pipeline_facts(db, user: User) -> dict:
    open_leads, pipeline_value = (
        db.query(
            func.count(Lead.id), func.coalesce(func.sum(Lead.estimated_value), 0.0)
        )
        .filter(Lead.owner_id == user.id, Lead.status.in_(OPEN_LEAD_STATUSES))
        .one()
    )
    quotes_sent = (
        db.query(Quote)
        .filter(Quote.created_by_id == user.id, Quote.status == "sent")
        .count()
    )
    open_tickets = (
        db.query(Ticket)
        .filter(Ticket.assignee_id == user.id, Ticket.status != "closed")
        .count()
    )
    busiest = (
        db.query(Customer.name, func.count(Ticket.id).label("ticket_count"))
        .outerjoin(
            Ticket, (Ticket.customer_id == Customer.id) & (Ticket.status != "closed")
        )
        .filter(Customer.owner_id == user.id)
        .group_by(Customer.id, Customer.name)
        .order_by(func.count(Ticket.id).desc(), Customer.name)
        .first()
    )
    return {
        "open_leads": open_leads,
        "pipeline_value": round(float(pipeline_value), 2),
        "quotes_sent": quotes_sent,
        "open_tickets": open_tickets,
        "busiest_customer": busiest.name if busiest and busiest.ticket_count else None,
    }


def generate_summary(db, user: User) -> str:
    facts = collect_pipeline_facts(db, user)
    name = user.full_name or user.email
    parts = [
        f"{name}, you have {facts['open_leads']} open leads worth "
        f"{facts['pipeline_value']:,.2f} in total.",
        f"{facts['quotes_sent']} quotes are awaiting a customer decision "
        f"and {facts['open_tickets']} support tickets are assigned to you.",
    ]
    if facts["busiest_customer"]:
        parts.append(
            f"{facts['busiest_customer']} currently has the most open tickets."
        )
    logger.debug("Generated pipeline summary for user %s", user.id)
    return " ".join(parts)


def suggest_next_actions(db, user: User) -> list[str]:
    suggestions: list[str] = []

    urgent_tickets = (
        db.query(Ticket)
        .filter(
            Ticket.assignee_id == user.id,
            Ticket.status != "closed",
            Ticket.priority == "high",
        )
        .order_by(Ticket.id)
        .all()
    )
    for ticket in urgent_tickets:
        suggestions.append(
            f"Resolve high priority ticket #{ticket.id}: {ticket.subject}"
        )

    pending_quotes = (
        db.query(Quote)
        .filter(Quote.created_by_id == user.id, Quote.status == "sent")
        .order_by(Quote.id)
        .all()
    )
    for quote in pending_quotes:
        suggestions.append(
            f"Follow up with {quote.customer.name} on quote '{quote.title}'"
        )

    fresh_leads = (
        db.query(Lead)
        .filter(Lead.owner_id == user.id, Lead.status == "new")
        .order_by(Lead.estimated_value.desc(), Lead.id)
        .limit(MAX_SUGGESTIONS)
        .all()
    )
    for lead in fresh_leads:
        who = lead.contact_name or lead.company or lead.title
        suggestions.append(f"Reach out to {who} about '{lead.title}'")

    return suggestions[:MAX_SUGGESTIONS]
