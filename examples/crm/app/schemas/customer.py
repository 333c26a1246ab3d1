from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator


class CustomerBase(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    email: str | None = None
    phone: str | None = None
    city: str | None = None
    industry: str | None = None


class CustomerCreate(CustomerBase):
    pass


class CustomerUpdate(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    email: str | None = None
    phone: str | None = None
    city: str | None = None
    industry: str | None = None


class CustomerOut(CustomerBase):
    model_config = ConfigDict(from_attributes=True)

    id: int
    owner_id: int | None = None
    created_at: datetime | None = None


class CustomerSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    city: str | None = None


class CityCount(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    city: str
    customers: int


class ContactBase(BaseModel):
    first_name: str = Field(min_length=1, max_length=100)
    last_name: str | None = None
    email: str | None = None
    phone: str | None = None
    job_title: str | None = None

    @field_validator("email")
    @classmethod
    def lower_email(cls, value: str | None) -> str | None:
        return value.strip().lower() if value else value


class ContactCreate(ContactBase):
    pass


class ContactOut(ContactBase):
    model_config = ConfigDict(from_attributes=True)

    id: int
    customer_id: int
    full_name: str
    created_at: datetime | None = None


class CampaignRef(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    status: str


class ContactDetail(ContactOut):
    customer: CustomerSummary
    campaigns: list[CampaignRef] = []


class CustomerDetail(CustomerOut):
    contacts: list[ContactOut] = []
