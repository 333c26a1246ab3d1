from fastapi import APIRouter, Depends, status
from sqlalchemy.orm import Session

from app.database import SessionLocal, get_db
from app.deps import get_current_active_admin, get_current_tenant, get_current_user
from app.models import User
from app.schemas import (
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyOut,
    DashboardOverview,
    DashboardStats,
    Insights,
)
from app.services import ai_assistant
from app.services import dashboard as dashboard_service
from app.services.api_keys import create_api_key, get_api_keys

router = APIRouter(prefix="/dashboard", tags=["dashboard"])


@router.get("/stats", response_model=DashboardStats)
def dashboard_stats(
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    return dashboard_service.get_stats(db, current_user)


@router.get("/overview", response_model=DashboardOverview)
def dashboard_overview(
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
    current_tenant: str = Depends(get_current_tenant),
):
    stats = dashboard_service.get_stats(db, current_user)

    sync_db = SessionLocal()
    try:
        api_keys = get_api_keys(sync_db, current_tenant)
    finally:
        sync_db.close()

    return {"tenant": current_tenant, "stats": stats, "api_keys": api_keys}


@router.get("/insights", response_model=Insights)
def dashboard_insights(current_user: User = Depends(get_current_user)):
    sync_db_for_ai = SessionLocal()
    try:
        summary = ai_assistant.generate_summary(sync_db_for_ai, current_user)
        next_actions = ai_assistant.suggest_next_actions(sync_db_for_ai, current_user)
    finally:
        sync_db_for_ai.close()
    return {"summary": summary, "next_actions": next_actions}


@router.get("/api-keys", response_model=list[ApiKeyOut])
def list_api_keys(
    db: Session = Depends(get_db),
    current_tenant: str = Depends(get_current_tenant),
):
    return get_api_keys(db, current_tenant)


@router.post(
    "/api-keys", response_model=ApiKeyCreated, status_code=status.HTTP_201_CREATED
)
def issue_api_key(
    key_in: ApiKeyCreate,
    db: Session = Depends(get_db),
    admin: User = Depends(get_current_active_admin),
):
    api_key, raw_key = create_api_key(db, admin.tenant, key_in.name, admin)
    return ApiKeyCreated(
        id=api_key.id,
        name=api_key.name,
        prefix=api_key.prefix,
        tenant=api_key.tenant,
        created_at=api_key.created_at,
        key=raw_key,
    )
