from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.schemas.customer import CustomerOut


class QuoteItemCreate(BaseModel):
    product_id: int
    quantity: int = Field(default=1, ge=1)
    description: str | None = None


class QuoteItemOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    product_id: int
    description: str | None = None
    quantity: int
    unit_price: float
    line_total: float


class QuoteCreate(BaseModel):
    customer_id: int
    title: str = Field(min_length=1, max_length=200)
    discount_percent: float = Field(default=0.0, ge=0, le=100)
    notes: str | None = None
    items: list[QuoteItemCreate] = []


class QuoteOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    customer_id: int
    created_by_id: int | None = None
    title: str
    status: str
    discount_percent: float
    notes: str | None = None
    created_at: datetime | None = None


class QuoteDetail(QuoteOut):
    customer: CustomerOut
    items: list[QuoteItemOut] = []


class QuoteStatusUpdate(BaseModel):
    status: Literal["sent", "accepted", "rejected"]


class QuoteTotals(BaseModel):
    quote_id: int
    item_count: int
    subtotal: float
    discount: float
    tax: float
    total: float
