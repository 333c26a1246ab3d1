from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

LeadStatus = Literal["new", "contacted", "qualified", "lost", "converted"]


class LeadBase(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    company: str | None = None
    contact_name: str | None = None
    email: str | None = None
    city: str | None = None
    source: str | None = None
    estimated_value: float = Field(default=0.0, ge=0)


class LeadCreate(LeadBase):
    status: LeadStatus = "new"


class LeadOut(LeadBase):
    model_config = ConfigDict(from_attributes=True)

    id: int
    status: str
    owner_id: int | None = None
    customer_id: int | None = None
    created_at: datetime | None = None


class LeadBulkStatus(BaseModel):
    lead_ids: list[int] = Field(min_length=1)
    status: LeadStatus
