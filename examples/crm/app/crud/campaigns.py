from sqlalchemy.orm import Session

from app.crud.base import CRUDBase
from app.models import Campaign, CampaignDelivery, Contact


class CRUDCampaign(CRUDBase[Campaign]):
    def create_with_contacts(
        self,
        db: Session,
        name: str,
        subject: str,
        body: str,
        contacts: list[Contact],
        created_by_id: int,
    ) -> Campaign:
        campaign = Campaign(
            name=name, subject=subject, body=body, created_by_id=created_by_id
        )
        campaign.contacts = contacts
        db.add(campaign)
        db.commit()
        db.refresh(campaign)
        return campaign

    def list_deliveries(self, db: Session, campaign_id: int) -> list[CampaignDelivery]:
        return (
            db.query(CampaignDelivery)
            .filter(CampaignDelivery.campaign_id == campaign_id)
            .order_by(CampaignDelivery.id)
            .all()
        )


campaign = CRUDCampaign(Campaign)
