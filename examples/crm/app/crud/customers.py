from sqlalchemy import func
from sqlalchemy.orm import Query, Session, joinedload

from app.crud.base import CRUDBase
from app.models import Customer
from app.schemas.customer import CustomerCreate


class CRUDCustomer(CRUDBase[Customer]):
    def get_with_contacts(self, db: Session, customer_id: int) -> Customer | None:
        return (
            db.query(Customer)
            .options(joinedload(Customer.contacts))
            .filter(Customer.id == customer_id)
            .first()
        )

    def create_with_owner(
        self, db: Session, obj_in: CustomerCreate, owner_id: int
    ) -> Customer:
        customer = Customer(**obj_in.model_dump(), owner_id=owner_id)
        db.add(customer)
        db.commit()
        db.refresh(customer)
        return customer

    def list_query(
        self,
        db: Session,
        city: str | None = None,
        search: str | None = None,
        owner_id: int | None = None,
    ) -> Query:
        query = db.query(Customer)
        if city:
            query = query.filter(Customer.city == city)
        if search:
            query = query.filter(Customer.name.ilike(f"%{search}%"))
        if owner_id is not None:
            query = query.filter(Customer.owner_id == owner_id)
        return query.order_by(Customer.name, Customer.id)

    def city_counts(self, db: Session):
        return (
            db.query(Customer)
            .with_entities(Customer.city, func.count(Customer.id).label("customers"))
            .filter(Customer.city.isnot(None))
            .group_by(Customer.city)
            .order_by(func.count(Customer.id).desc(), Customer.city)
            .all()
        )


customer = CRUDCustomer(Customer)
