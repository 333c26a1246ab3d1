from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.schemas.customer import CustomerSummary
from app.schemas.user import UserSummary

OrderStatus = Literal["pending", "confirmed", "shipped", "delivered", "cancelled"]


class ProductRef(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    sku: str
    name: str


class OrderCreate(BaseModel):
    quote_id: int


class OrderLineCreate(BaseModel):
    product_id: int
    quantity: int = Field(default=1, ge=1)


class OrderLineOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    order_id: int
    product: ProductRef
    description: str | None = None
    quantity: int
    unit_price: float
    line_total: float


class OrderOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    number: str
    customer_id: int
    quote_id: int | None = None
    created_by_id: int | None = None
    status: str
    discount_percent: float
    created_at: datetime | None = None
    shipped_at: datetime | None = None


class OrderDetail(OrderOut):
    customer: CustomerSummary
    created_by: UserSummary | None = None
    lines: list[OrderLineOut] = []


class OrderStatusUpdate(BaseModel):
    status: Literal["confirmed", "shipped", "delivered", "cancelled"]


class OrderBulkConfirm(BaseModel):
    order_ids: list[int] = Field(min_length=1)


class OrderTotals(BaseModel):
    order_id: int
    line_count: int
    subtotal: float
    discount: float
    tax: float
    total: float
