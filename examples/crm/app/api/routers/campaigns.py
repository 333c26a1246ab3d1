from fastapi import APIRouter, BackgroundTasks, Depends, HTTPException, status
from sqlalchemy.orm import Session

from app import crud
from app.database import get_db
from app.deps import get_current_user
from app.models import Campaign, User
from app.schemas import (
    CampaignContactsAdd,
    CampaignCreate,
    CampaignDetail,
    CampaignOut,
    DeliveryOut,
    Message,
)
from app.services.campaigns import send_campaign

router = APIRouter(prefix="/campaigns", tags=["campaigns"])


def load_contacts(db: Session, contact_ids: list[int]):
    unique_ids = sorted(set(contact_ids))
    contacts = crud.contact.get_many(db, unique_ids)
    if len(contacts) != len(unique_ids):
        found = {contact.id for contact in contacts}
        missing = [cid for cid in unique_ids if cid not in found]
        raise HTTPException(status_code=404, detail=f"Contacts not found: {missing}")
    return contacts


def get_campaign_or_404(db: Session, campaign_id: int) -> Campaign:
    campaign = crud.campaign.get(db, campaign_id)
    if campaign is None:
        raise HTTPException(status_code=404, detail="Campaign not found")
    return campaign


@router.get("", response_model=list[CampaignOut])
def list_campaigns(
    skip: int = 0,
    limit: int = 100,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    return crud.campaign.get_multi(db, skip=skip, limit=limit)


@router.post("", response_model=CampaignDetail, status_code=status.HTTP_201_CREATED)
def create_campaign(
    campaign_in: CampaignCreate,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    contacts = (
        load_contacts(db, campaign_in.contact_ids) if campaign_in.contact_ids else []
    )
    return crud.campaign.create_with_contacts(
        db,
        name=campaign_in.name,
        subject=campaign_in.subject,
        body=campaign_in.body,
        contacts=contacts,
        created_by_id=current_user.id,
    )


@router.get("/{campaign_id}", response_model=CampaignDetail)
def read_campaign(
    campaign_id: int,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    return get_campaign_or_404(db, campaign_id)


@router.post("/{campaign_id}/contacts", response_model=CampaignDetail)
def add_campaign_contacts(
    campaign_id: int,
    payload: CampaignContactsAdd,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    campaign = get_campaign_or_404(db, campaign_id)
    if campaign.status != "draft":
        raise HTTPException(status_code=400, detail="Campaign has already been sent")
    for contact in load_contacts(db, payload.contact_ids):
        if contact not in campaign.contacts:
            campaign.contacts.append(contact)
    db.commit()
    db.refresh(campaign)
    return campaign


@router.post(
    "/{campaign_id}/send",
    response_model=Message,
    status_code=status.HTTP_202_ACCEPTED,
)
def queue_campaign(
    campaign_id: int,
    background_tasks: BackgroundTasks,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    campaign = get_campaign_or_404(db, campaign_id)
    if campaign.status != "draft":
        raise HTTPException(status_code=400, detail="Campaign has already been sent")
    if not campaign.contacts:
        raise HTTPException(status_code=400, detail="Campaign has no recipients")
    campaign.status = "sending"
    db.commit()
    background_tasks.add_task(send_campaign, campaign_id)
    return {"detail": "Campaign queued for delivery"}


@router.get("/{campaign_id}/deliveries", response_model=list[DeliveryOut])
def list_deliveries(
    campaign_id: int,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    get_campaign_or_404(db, campaign_id)
    return crud.campaign.list_deliveries(db, campaign_id)
