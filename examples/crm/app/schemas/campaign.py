from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from app.schemas.customer import ContactOut


class CampaignCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    subject: str = Field(min_length=1, max_length=255)
    body: str = Field(min_length=1)
    contact_ids: list[int] = []


class CampaignContactsAdd(BaseModel):
    contact_ids: list[int] = Field(min_length=1)


class CampaignOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    subject: str
    status: str
    sent_at: datetime | None = None
    created_by_id: int | None = None
    created_at: datetime | None = None


class CampaignDetail(CampaignOut):
    body: str
    contacts: list[ContactOut] = []


class DeliveryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    campaign_id: int
    contact_id: int | None = None
    email: str
    delivered_at: datetime | None = None
