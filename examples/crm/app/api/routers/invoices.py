from datetime import date

from fastapi import APIRouter, Depends, HTTPException, Query, status
from sqlalchemy.orm import Session

from app import crud
from app.database import get_db
from app.deps import get_current_active_admin, get_current_user
from app.models import Invoice, User
from app.pagination import paginate
from app.schemas import (
    AffectedRows,
    InvoiceCreate,
    InvoiceDetail,
    InvoiceOut,
    OutstandingBalance,
    Page,
    PaymentCreate,
)
from app.schemas.invoice import InvoiceStatus
from app.services import invoices as invoice_service

router = APIRouter(prefix="/invoices", tags=["invoices"])


def get_invoice_or_404(db: Session, invoice_id: int) -> Invoice:
    invoice = crud.invoice.get(db, invoice_id)
    if invoice is None:
        raise HTTPException(status_code=404, detail="Invoice not found")
    return invoice


@router.get("", response_model=Page[InvoiceOut])
def list_invoices(
    customer_id: int | None = None,
    status: InvoiceStatus | None = None,
    page: int = Query(1, ge=1),
    size: int = Query(20, ge=1, le=100),
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    query = crud.invoice.list_query(db, customer_id=customer_id, status=status)
    return paginate(query, page, size)


@router.post("", response_model=InvoiceDetail, status_code=status.HTTP_201_CREATED)
def create_invoice(
    invoice_in: InvoiceCreate,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    order = crud.order.get(db, invoice_in.order_id)
    if order is None:
        raise HTTPException(status_code=404, detail="Order not found")
    try:
        return invoice_service.create_invoice(
            db,
            order,
            issued_on=invoice_in.issued_on,
            due_in_days=invoice_in.due_in_days,
        )
    except invoice_service.InvoiceError as exc:
        raise HTTPException(status_code=400, detail=str(exc))


@router.get("/outstanding", response_model=list[OutstandingBalance])
def outstanding_balances(
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    return invoice_service.outstanding_balances(db)


@router.post("/mark-overdue", response_model=AffectedRows)
def mark_overdue_invoices(
    db: Session = Depends(get_db),
    admin: User = Depends(get_current_active_admin),
):
    return {"count": crud.invoice.mark_overdue(db, date.today())}


@router.get("/{invoice_id}", response_model=InvoiceDetail)
def read_invoice(
    invoice_id: int,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    return get_invoice_or_404(db, invoice_id)


@router.post(
    "/{invoice_id}/payments",
    response_model=InvoiceDetail,
    status_code=status.HTTP_201_CREATED,
)
def record_payment(
    invoice_id: int,
    payment_in: PaymentCreate,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    invoice = get_invoice_or_404(db, invoice_id)
    try:
        return invoice_service.record_payment(db, invoice, payment_in, current_user)
    except invoice_service.InvoiceError as exc:
        raise HTTPException(status_code=400, detail=str(exc))


@router.post("/{invoice_id}/void", response_model=InvoiceOut)
def void_invoice(
    invoice_id: int,
    db: Session = Depends(get_db),
    admin: User = Depends(get_current_active_admin),
):
    invoice = get_invoice_or_404(db, invoice_id)
    try:
        return invoice_service.void_invoice(db, invoice)
    except invoice_service.InvoiceError as exc:
        raise HTTPException(status_code=400, detail=str(exc))
