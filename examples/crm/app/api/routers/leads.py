from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Query, status
from sqlalchemy.orm import Session

from app import crud
from app.database import get_db
from app.deps import get_current_active_admin, get_current_user
from app.models import User
from app.schemas import (
    AffectedRows,
    CustomerDetail,
    LeadBulkStatus,
    LeadCreate,
    LeadOut,
)
from app.schemas.lead import LeadStatus
from app.services import leads as lead_service

router = APIRouter(prefix="/leads", tags=["leads"])


@router.get("", response_model=list[LeadOut])
def list_leads(
    status: LeadStatus | None = None,
    owner_id: int | None = None,
    source: str | None = None,
    min_value: float | None = Query(None, ge=0),
    skip: int = Query(0, ge=0),
    limit: int = Query(100, ge=1, le=500),
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    return crud.lead.get_filtered(
        db,
        status=status,
        owner_id=owner_id,
        source=source,
        min_value=min_value,
        skip=skip,
        limit=limit,
    )


@router.post("", response_model=LeadOut, status_code=status.HTTP_201_CREATED)
def create_lead(
    lead_in: LeadCreate,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    return crud.lead.create_with_owner(db, lead_in, owner_id=current_user.id)


@router.get("/next", response_model=LeadOut)
def next_lead(
    status: LeadStatus = "new",
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    lead = crud.lead.get_first_by_status(db, status)
    if lead is None:
        raise HTTPException(status_code=404, detail=f"No {status} leads")
    return lead


@router.post("/bulk-status", response_model=AffectedRows)
def bulk_update_status(
    payload: LeadBulkStatus,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    if payload.status == "converted":
        raise HTTPException(
            status_code=400, detail="Use the convert endpoint to convert leads"
        )
    updated = crud.lead.bulk_update_status(db, payload.lead_ids, payload.status)
    return {"count": updated}


@router.delete("", response_model=AffectedRows)
def purge_leads(
    status: Literal["lost", "converted"],
    db: Session = Depends(get_db),
    admin: User = Depends(get_current_active_admin),
):
    return {"count": crud.lead.purge_by_status(db, status)}


@router.get("/{lead_id}", response_model=LeadOut)
def read_lead(
    lead_id: int,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    lead = crud.lead.get(db, lead_id)
    if lead is None:
        raise HTTPException(status_code=404, detail="Lead not found")
    return lead


@router.post(
    "/{lead_id}/convert",
    response_model=CustomerDetail,
    status_code=status.HTTP_201_CREATED,
)
def convert_lead(
    lead_id: int,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    lead = crud.lead.get(db, lead_id)
    if lead is None:
        raise HTTPException(status_code=404, detail="Lead not found")
    try:
        return lead_service.convert_lead(db, lead, current_user)
    except lead_service.LeadConversionError as exc:
        raise HTTPException(status_code=400, detail=str(exc))
