from datetime import date

from sqlalchemy import func
from sqlalchemy.orm import Query, Session

from app.crud.base import CRUDBase
from app.models import Customer, Invoice, Payment

UNPAID_STATUSES = ("open", "overdue")


class CRUDInvoice(CRUDBase[Invoice]):
    def active_for_order(self, db: Session, order_id: int) -> Invoice | None:
        return (
            db.query(Invoice)
            .filter(Invoice.order_id == order_id, Invoice.status != "void")
            .first()
        )

    def list_query(
        self,
        db: Session,
        customer_id: int | None = None,
        status: str | None = None,
    ) -> Query:
        query = db.query(Invoice)
        if customer_id is not None:
            query = query.filter_by(customer_id=customer_id)
        if status:
            query = query.filter_by(status=status)
        return query.order_by(Invoice.due_on, Invoice.id)

    def amount_paid(self, db: Session, invoice_id: int) -> float:
        paid = (
            db.query(func.coalesce(func.sum(Payment.amount), 0.0))
            .filter(Payment.invoice_id == invoice_id)
            .scalar()
        )
        return round(float(paid), 2)

    def mark_overdue(self, db: Session, today: date) -> int:
        updated = (
            db.query(Invoice)
            .filter(Invoice.status == "open", Invoice.due_on < today)
            .update({"status": "overdue"}, synchronize_session="fetch")
        )
        db.commit()
        return updated

    def outstanding_by_customer(self, db: Session):
        paid = (
            db.query(
                Payment.invoice_id.label("invoice_id"),
                func.sum(Payment.amount).label("paid"),
            )
            .group_by(Payment.invoice_id)
            .subquery()
        )
        outstanding = func.sum(Invoice.amount - func.coalesce(paid.c.paid, 0.0))
        return (
            db.query(Customer)
            .join(Invoice, Invoice.customer_id == Customer.id)
            .outerjoin(paid, paid.c.invoice_id == Invoice.id)
            .filter(Invoice.status.in_(UNPAID_STATUSES))
            .with_entities(
                Customer.id.label("customer_id"),
                Customer.name.label("customer_name"),
                func.count(Invoice.id).label("invoices"),
                outstanding.label("outstanding"),
            )
            .group_by(Customer.id, Customer.name)
            .order_by(outstanding.desc(), Customer.name)
            .all()
        )


invoice = CRUDInvoice(Invoice)
