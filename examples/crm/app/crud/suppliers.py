from sqlalchemy.orm import Session

from app.crud.base import CRUDBase
from app.models import Supplier


class CRUDSupplier(CRUDBase[Supplier]):
    def list_by_country(
        self, db: Session, country: str | None = None
    ) -> list[Supplier]:
        query = db.query(Supplier)
        if country:
            query = query.filter_by(country=country.upper())
        return query.order_by(Supplier.name, Supplier.id).all()


supplier = CRUDSupplier(Supplier)
