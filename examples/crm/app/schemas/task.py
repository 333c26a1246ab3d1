from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.schemas.customer import CustomerSummary
from app.schemas.user import UserSummary

TaskStatus = Literal["open", "done"]
TaskPriority = Literal["low", "normal", "high"]


class TaskCreate(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    description: str | None = None
    due_date: date | None = None
    priority: TaskPriority = "normal"
    assignee_id: int | None = None
    customer_id: int | None = None
    lead_id: int | None = None


class TaskUpdate(BaseModel):
    title: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = None
    due_date: date | None = None
    priority: TaskPriority | None = None
    assignee_id: int | None = None


class TaskOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    description: str | None = None
    due_date: date | None = None
    priority: str
    status: str
    assignee_id: int | None = None
    created_by_id: int | None = None
    customer_id: int | None = None
    lead_id: int | None = None
    created_at: datetime | None = None
    completed_at: datetime | None = None


class LeadRef(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    status: str


class TaskDetail(TaskOut):
    assignee: UserSummary | None = None
    created_by: UserSummary | None = None
    customer: CustomerSummary | None = None
    lead: LeadRef | None = None


class TaskAgenda(BaseModel):
    overdue: int
    today: int
    upcoming: int
    unscheduled: int


class TaskReassign(BaseModel):
    from_user_id: int
    to_user_id: int
