from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.schemas.customer import CustomerSummary
from app.schemas.order import OrderOut

InvoiceStatus = Literal["open", "overdue", "paid", "void"]
PaymentMethod = Literal["bank_transfer", "card", "cash", "cheque"]


class InvoiceCreate(BaseModel):
    order_id: int
    issued_on: date | None = None
    due_in_days: int = Field(default=30, ge=0, le=365)


class InvoiceOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    number: str
    order_id: int
    customer_id: int
    status: str
    amount: float
    issued_on: date
    due_on: date
    created_at: datetime | None = None


class PaymentCreate(BaseModel):
    amount: float = Field(gt=0)
    method: PaymentMethod = "bank_transfer"
    paid_on: date | None = None


class PaymentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    amount: float
    method: str
    paid_on: date
    received_by_id: int | None = None


class InvoiceDetail(InvoiceOut):
    order: OrderOut
    customer: CustomerSummary
    payments: list[PaymentOut] = []
    amount_paid: float
    balance: float


class OutstandingBalance(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    customer_id: int
    customer_name: str
    invoices: int
    outstanding: float
