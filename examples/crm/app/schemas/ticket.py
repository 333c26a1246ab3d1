from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.schemas.customer import CustomerSummary
from app.schemas.user import UserSummary

TicketStatus = Literal["open", "pending", "closed"]
TicketPriority = Literal["low", "normal", "high"]


class TicketCreate(BaseModel):
    customer_id: int
    subject: str = Field(min_length=1, max_length=255)
    description: str | None = None
    priority: TicketPriority = "normal"
    assignee_id: int | None = None


class TicketUpdate(BaseModel):
    status: TicketStatus | None = None
    priority: TicketPriority | None = None
    assignee_id: int | None = None


class TicketOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    customer_id: int
    subject: str
    description: str | None = None
    status: str
    priority: str
    assignee_id: int | None = None
    is_read: bool
    created_at: datetime | None = None
    closed_at: datetime | None = None


class CommentCreate(BaseModel):
    body: str = Field(min_length=1)
    is_internal: bool = False


class CommentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    ticket_id: int
    body: str
    is_internal: bool
    author: UserSummary | None = None
    created_at: datetime | None = None


class TicketDetail(TicketOut):
    customer: CustomerSummary
    comments: list[CommentOut] = []
    assignee_email: str | None = None
