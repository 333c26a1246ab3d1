from sqlalchemy.orm import Session

from app import crud
from app.config import settings
from app.models import Quote, QuoteItem, User
from app.schemas.quote import QuoteCreate, QuoteItemCreate
from app.services import pricing

ALLOWED_TRANSITIONS = {
    "draft": {"sent"},
    "sent": {"accepted", "rejected"},
    "accepted": set(),
    "rejected": set(),
}


class QuoteStateError(Exception):
    pass


def _build_item(db: Session, quote_id: int, item_in: QuoteItemCreate) -> QuoteItem:
    product, unit_price = pricing.price_for(db, item_in.product_id, item_in.quantity)
    return QuoteItem(
        quote_id=quote_id,
        product_id=product.id,
        description=item_in.description or product.name,
        quantity=item_in.quantity,
        unit_price=unit_price,
    )


def create_quote(db: Session, quote_in: QuoteCreate, created_by: User) -> Quote:
    quote = Quote(
        customer_id=quote_in.customer_id,
        title=quote_in.title,
        discount_percent=quote_in.discount_percent,
        notes=quote_in.notes,
        created_by_id=created_by.id,
    )
    db.add(quote)
    db.flush()
    items = [_build_item(db, quote.id, item_in) for item_in in quote_in.items]
    db.add_all(items)
    db.commit()
    db.refresh(quote)
    return quote


def add_item(db: Session, quote: Quote, item_in: QuoteItemCreate) -> QuoteItem:
    if quote.status != "draft":
        raise QuoteStateError("Only draft quotes can be changed")
    item = _build_item(db, quote.id, item_in)
    db.add(item)
    db.commit()
    db.refresh(item)
    return item


def change_status(db: Session, quote: Quote, new_status: str) -> Quote:
    if new_status not in ALLOWED_TRANSITIONS.get(quote.status, set()):
        raise QuoteStateError(
            f"Cannot change quote status from {quote.status} to {new_status}"
        )
    if new_status == "sent" and crud.quote.count_items(db, quote.id) == 0:
        raise QuoteStateError("Cannot send a quote without items")
    quote.status = new_status
    db.commit()
    db.refresh(quote)
    return quote


def compute_totals(db: Session, quote: Quote) -> dict:
    subtotal = pricing.quote_subtotal(db, quote.id)
    discount = round(subtotal * quote.discount_percent / 100, 2)
    taxable = round(subtotal - discount, 2)
    tax = round(taxable * settings.tax_rate, 2)
    return {
        "quote_id": quote.id,
        "item_count": crud.quote.count_items(db, quote.id),
        "subtotal": subtotal,
        "discount": discount,
        "tax": tax,
        "total": round(taxable + tax, 2),
    }
