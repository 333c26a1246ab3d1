from datetime import date, timedelta

from sqlalchemy.orm import Session

from app import crud
from app.models import Invoice, Order, Payment, User
from app.schemas.invoice import PaymentCreate
from app.services import orders as order_service

DEFAULT_PAYMENT_TERMS_DAYS = 30


class InvoiceError(Exception):
    pass


def create_invoice(
    db: Session,
    order: Order,
    issued_on: date | None = None,
    due_in_days: int = DEFAULT_PAYMENT_TERMS_DAYS,
) -> Invoice:
    if order.status not in order_service.BILLABLE_STATUSES:
        raise InvoiceError(f"A {order.status} order cannot be invoiced")
    if crud.invoice.active_for_order(db, order.id) is not None:
        raise InvoiceError("The order has already been invoiced")
    totals = order_service.order_totals(db, order)
    issued_on = issued_on or date.today()
    invoice = Invoice(
        order_id=order.id,
        customer_id=order.customer_id,
        amount=totals["total"],
        issued_on=issued_on,
        due_on=issued_on + timedelta(days=due_in_days),
    )
    db.add(invoice)
    db.flush()
    invoice.number = f"INV-{invoice.id:05d}"
    db.commit()
    db.refresh(invoice)
    return invoice


def record_payment(
    db: Session, invoice: Invoice, payment_in: PaymentCreate, received_by: User
) -> Invoice:
    if invoice.status in ("paid", "void"):
        raise InvoiceError(f"The invoice is {invoice.status}")
    balance = round(invoice.amount - crud.invoice.amount_paid(db, invoice.id), 2)
    amount = round(payment_in.amount, 2)
    if amount > balance:
        raise InvoiceError(f"The payment exceeds the balance of {balance:.2f}")
    db.add(
        Payment(
            invoice_id=invoice.id,
            amount=amount,
            method=payment_in.method,
            paid_on=payment_in.paid_on or date.today(),
            received_by_id=received_by.id,
        )
    )
    if amount == balance:
        invoice.status = "paid"
    db.commit()
    db.refresh(invoice)
    return invoice


def void_invoice(db: Session, invoice: Invoice) -> Invoice:
    if invoice.status == "void":
        raise InvoiceError("The invoice is already void")
    if crud.invoice.amount_paid(db, invoice.id) > 0:
        raise InvoiceError("Invoices with payments cannot be voided")
    invoice.status = "void"
    db.commit()
    db.refresh(invoice)
    return invoice


def outstanding_balances(db) -> list[dict]:
    return [
        {
            "customer_id": row.customer_id,
            "customer_name": row.customer_name,
            "invoices": row.invoices,
            "outstanding": round(float(row.outstanding), 2),
        }
        for row in crud.invoice.outstanding_by_customer(db)
    ]
