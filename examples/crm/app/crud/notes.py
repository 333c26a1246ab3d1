from sqlalchemy.orm import Query, Session

from app.crud.base import CRUDBase
from app.models import Customer, Note


class CRUDNote(CRUDBase[Note]):
    def list_for_customer(self, db: Session, customer_id: int) -> list[Note]:
        return (
            db.query(Note)
            .filter_by(customer_id=customer_id)
            .order_by(Note.is_pinned.desc(), Note.id.desc())
            .all()
        )

    def create_for_customer(
        self, db: Session, customer_id: int, author_id: int, body: str, pinned: bool
    ) -> Note:
        note = Note(
            customer_id=customer_id, author_id=author_id, body=body, is_pinned=pinned
        )
        db.add(note)
        db.commit()
        db.refresh(note)
        return note

    def search_query(
        self,
        db: Session,
        text: str | None = None,
        author_id: int | None = None,
        city: str | None = None,
    ) -> Query:
        query = db.query(Note).join(Customer, Note.customer_id == Customer.id)
        if text:
            query = query.filter(Note.body.ilike(f"%{text}%"))
        if author_id is not None:
            query = query.filter(Note.author_id == author_id)
        if city:
            query = query.filter(Customer.city == city)
        return query.order_by(Note.id.desc())


note = CRUDNote(Note)
