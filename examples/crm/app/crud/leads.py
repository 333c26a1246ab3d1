from sqlalchemy.orm import Session

from app.crud.base import CRUDBase
from app.models import Lead
from app.schemas.lead import LeadCreate


class CRUDLead(CRUDBase[Lead]):
    def create_with_owner(self, db: Session, obj_in: LeadCreate, owner_id: int) -> Lead:
        lead = Lead(**obj_in.model_dump(), owner_id=owner_id)
        db.add(lead)
        db.commit()
        db.refresh(lead)
        return lead

    def get_filtered(
        self,
        db: Session,
        status: str | None = None,
        owner_id: int | None = None,
        source: str | None = None,
        min_value: float | None = None,
        skip: int = 0,
        limit: int = 100,
    ) -> list[Lead]:
        q = db.query(Lead)
        if status:
            q = q.filter(Lead.status == status)
        if owner_id:
            q = q.filter(Lead.owner_id == owner_id)
        if source:
            q = q.filter(Lead.source == source)
        if min_value is not None:
            q = q.filter(Lead.estimated_value >= min_value)
        return (
            q.order_by(Lead.created_at.desc(), Lead.id.desc())
            .offset(skip)
            .limit(limit)
            .all()
        )

    def get_first_by_status(self, db: Session, status: str) -> Lead | None:
        return db.query(Lead).filter(Lead.status == status).first()

    def bulk_update_status(self, db: Session, lead_ids: list[int], status: str) -> int:
        updated = (
            db.query(Lead)
            .filter(Lead.id.in_(lead_ids), Lead.status != "converted")
            .update({"status": status}, synchronize_session=False)
        )
        db.commit()
        return updated

    def purge_by_status(self, db: Session, status: str) -> int:
        deleted = (
            db.query(Lead)
            .filter(Lead.status == status)
            .delete(synchronize_session=False)
        )
        db.commit()
        return deleted


lead = CRUDLead(Lead)
