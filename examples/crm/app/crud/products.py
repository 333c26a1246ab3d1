from sqlalchemy.orm import Query, Session

from app.crud.base import CRUDBase
from app.models import Product, Supplier


class CRUDProduct(CRUDBase[Product]):
    def get_by_sku(self, db: Session, sku: str) -> Product | None:
        return db.query(Product).filter(Product.sku == sku.upper()).one_or_none()

    def sku_exists(self, db: Session, sku: str) -> bool:
        q = db.query(Product).filter(Product.sku == sku.upper())
        return db.query(q.exists()).scalar()

    def list_query(
        self, db: Session, active_only: bool = True, search: str | None = None
    ) -> Query:
        query = db.query(Product)
        if active_only:
            query = query.filter(Product.is_active.is_(True))
        if search:
            pattern = f"%{search}%"
            query = query.filter(
                Product.name.ilike(pattern) | Product.sku.ilike(pattern)
            )
        return query.order_by(Product.sku)

    def add_supplier(
        self, db: Session, product: Product, supplier: Supplier
    ) -> Product:
        product.suppliers.append(supplier)
        db.commit()
        db.refresh(product)
        return product


product = CRUDProduct(Product)
