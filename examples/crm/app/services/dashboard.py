from sqlalchemy import func
from sqlalchemy.orm import Session

from app.models import Contact, Customer, Lead, Quote, QuoteItem, User
from app.services import helpdesk

OPEN_LEAD_STATUSES = ("new", "contacted", "qualified")


def get_stats(db: Session, user: User) -> dict:
    customers = db.query(Customer).filter(Customer.owner_id == user.id).count()
    contacts = (
        db.query(Contact)
        .join(Customer, Contact.customer_id == Customer.id)
        .filter(Customer.owner_id == user.id)
        .count()
    )
    open_leads, pipeline_value = (
        db.query(
            func.count(Lead.id), func.coalesce(func.sum(Lead.estimated_value), 0.0)
        )
        .filter(Lead.owner_id == user.id, Lead.status.in_(OPEN_LEAD_STATUSES))
        .one()
    )
    awaiting = (
        db.query(Quote)
        .filter(Quote.created_by_id == user.id, Quote.status == "sent")
        .count()
    )
    accepted_value = (
        db.query(func.sum(QuoteItem.quantity * QuoteItem.unit_price))
        .join(Quote, QuoteItem.quote_id == Quote.id)
        .filter(Quote.created_by_id == user.id, Quote.status == "accepted")
        .scalar()
    )
    return {
        "customers": customers,
        "contacts": contacts,
        "open_leads": open_leads,
        "pipeline_value": round(float(pipeline_value), 2),
        "quotes_awaiting_decision": awaiting,
        "accepted_quote_value": round(float(accepted_value or 0), 2),
        "open_tickets": helpdesk.open_ticket_breakdown(db),
        "unread_tickets": helpdesk.unread_count(db, user.id),
    }
