import logging
from datetime import datetime, timezone

from app.database import SessionLocal
from app.models import Campaign, CampaignDelivery

logger = logging.getLogger(__name__)


def send_campaign(campaign_id: int) -> None:
    db = SessionLocal()
    try:
        campaign = db.query(Campaign).filter(Campaign.id == campaign_id).one()
        now = datetime.now(timezone.utc)
        deliveries = [
            CampaignDelivery(
                campaign_id=campaign.id,
                contact_id=contact.id,
                email=contact.email,
                delivered_at=now,
            )
            for contact in campaign.contacts
            if contact.email
        ]
        db.add_all(deliveries)
        campaign.status = "sent"
        campaign.sent_at = now
        db.commit()
        logger.info("Campaign %s sent to %d contacts", campaign_id, len(deliveries))
    except Exception:
        db.rollback()
        logger.exception("Sending campaign %s failed", campaign_id)
        raise
    finally:
        db.close()
