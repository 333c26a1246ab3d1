from sqlalchemy.orm import Session

from app.crud.base import CRUDBase
from app.models import Contact, Customer
from app.schemas.customer import ContactCreate


class CRUDContact(CRUDBase[Contact]):
    def get_by_customer_and_email(self, db, customer_id: int, email: str):
        return db.query(Contact).filter_by(customer_id=customer_id, email=email).first()

    def list_for_customer(self, db: Session, customer_id: int) -> list[Contact]:
        return (
            db.query(Contact)
            .filter_by(customer_id=customer_id)
            .order_by(Contact.id)
            .all()
        )

    def create_for_customer(
        self, db: Session, obj_in: ContactCreate, customer_id: int
    ) -> Contact:
        contact = Contact(**obj_in.model_dump(), customer_id=customer_id)
        db.add(contact)
        db.commit()
        db.refresh(contact)
        return contact

    def search(
        self,
        db: Session,
        city: str | None = None,
        email: str | None = None,
        skip: int = 0,
        limit: int = 100,
    ) -> list[Contact]:
        query = db.query(Contact).join(Customer)
        if city:
            query = query.filter(Customer.city == city)
        if email:
            query = query.filter(Contact.email == email.lower())
        return query.order_by(Contact.id).offset(skip).limit(limit).all()

    def get_many(self, db, ids: list[int]) -> list[Contact]:
        return db.query(Contact).filter(Contact.id.in_(ids)).order_by(Contact.id).all()


contact = CRUDContact(Contact)
