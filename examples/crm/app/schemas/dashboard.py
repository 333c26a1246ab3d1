from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class DashboardStats(BaseModel):
    customers: int
    contacts: int
    open_leads: int
    pipeline_value: float
    quotes_awaiting_decision: int
    accepted_quote_value: float
    open_tickets: dict[str, int]
    unread_tickets: int


class ApiKeyCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100)


class ApiKeyOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    prefix: str
    tenant: str
    created_at: datetime | None = None


class ApiKeyCreated(ApiKeyOut):
    key: str


class DashboardOverview(BaseModel):
    tenant: str
    stats: DashboardStats
    api_keys: list[ApiKeyOut]


class Insights(BaseModel):
    summary: str
    next_actions: list[str]
