from fastapi import APIRouter, Depends, HTTPException, Query, status
from sqlalchemy.orm import Session

from app import crud
from app.database import get_db
from app.deps import get_current_user
from app.models import Quote, User
from app.pagination import paginate
from app.schemas import (
    Page,
    QuoteCreate,
    QuoteDetail,
    QuoteItemCreate,
    QuoteItemOut,
    QuoteOut,
    QuoteStatusUpdate,
    QuoteTotals,
)
from app.services import quotes as quote_service
from app.services.pricing import PricingError

router = APIRouter(prefix="/quotes", tags=["quotes"])


def get_quote_or_404(db: Session, quote_id: int) -> Quote:
    quote = crud.quote.get(db, quote_id)
    if quote is None:
        raise HTTPException(status_code=404, detail="Quote not found")
    return quote


@router.get("", response_model=Page[QuoteOut])
def list_quotes(
    customer_id: int | None = None,
    status: str | None = None,
    page: int = Query(1, ge=1),
    size: int = Query(20, ge=1, le=100),
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    query = crud.quote.list_query(db, customer_id=customer_id, status=status)
    return paginate(query, page, size)


@router.post("", response_model=QuoteDetail, status_code=status.HTTP_201_CREATED)
def create_quote(
    quote_in: QuoteCreate,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    if crud.customer.get(db, quote_in.customer_id) is None:
        raise HTTPException(status_code=404, detail="Customer not found")
    try:
        return quote_service.create_quote(db, quote_in, current_user)
    except PricingError as exc:
        db.rollback()
        raise HTTPException(status_code=400, detail=str(exc))


@router.get("/{quote_id}", response_model=QuoteDetail)
def read_quote(
    quote_id: int,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    return get_quote_or_404(db, quote_id)


@router.post(
    "/{quote_id}/items",
    response_model=QuoteItemOut,
    status_code=status.HTTP_201_CREATED,
)
def add_quote_item(
    quote_id: int,
    item_in: QuoteItemCreate,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    quote = get_quote_or_404(db, quote_id)
    try:
        return quote_service.add_item(db, quote, item_in)
    except (PricingError, quote_service.QuoteStateError) as exc:
        raise HTTPException(status_code=400, detail=str(exc))


@router.get("/{quote_id}/totals", response_model=QuoteTotals)
def quote_totals(
    quote_id: int,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    quote = get_quote_or_404(db, quote_id)
    return quote_service.compute_totals(db, quote)


@router.post("/{quote_id}/status", response_model=QuoteOut)
def change_quote_status(
    quote_id: int,
    payload: QuoteStatusUpdate,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    quote = get_quote_or_404(db, quote_id)
    try:
        return quote_service.change_status(db, quote, payload.status)
    except quote_service.QuoteStateError as exc:
        raise HTTPException(status_code=400, detail=str(exc))
