from sqlalchemy import func
from sqlalchemy.orm import Query, Session

from app.crud.base import CRUDBase
from app.models import Customer, Tag, customer_tags


class CRUDTag(CRUDBase[Tag]):
    def get_by_name(self, db: Session, name: str) -> Tag | None:
        return db.query(Tag).filter_by(name=name.strip().lower()).one_or_none()

    def usage(self, db: Session):
        return (
            db.query(
                Tag.id,
                Tag.name,
                Tag.color,
                func.count(customer_tags.c.customer_id).label("customers"),
            )
            .outerjoin(customer_tags, customer_tags.c.tag_id == Tag.id)
            .group_by(Tag.id, Tag.name, Tag.color)
            .order_by(Tag.name)
            .all()
        )

    def customers_query(self, db: Session, tag_id: int) -> Query:
        return (
            db.query(Customer)
            .join(Customer.tags)
            .filter(Tag.id == tag_id)
            .order_by(Customer.name, Customer.id)
        )

    def tag_customers(self, db: Session, tag: Tag, customers: list[Customer]) -> int:
        added = 0
        for customer in customers:
            if tag not in customer.tags:
                customer.tags.append(tag)
                added += 1
        db.commit()
        return added


tag = CRUDTag(Tag)
