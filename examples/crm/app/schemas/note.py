from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from app.schemas.customer import CustomerSummary
from app.schemas.user import UserSummary


class NoteCreate(BaseModel):
    body: str = Field(min_length=1)
    is_pinned: bool = False


class NoteUpdate(BaseModel):
    body: str | None = Field(default=None, min_length=1)
    is_pinned: bool | None = None


class NoteOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    customer_id: int
    body: str
    is_pinned: bool
    author: UserSummary | None = None
    created_at: datetime | None = None
    edited_at: datetime | None = None


class NoteSearchHit(NoteOut):
    customer: CustomerSummary
