from sqlalchemy.orm import Query, Session

from app.crud.base import CRUDBase
from app.models import Quote, QuoteItem


class CRUDQuote(CRUDBase[Quote]):
    def list_query(
        self,
        db: Session,
        customer_id: int | None = None,
        status: str | None = None,
    ) -> Query:
        query = db.query(Quote)
        if customer_id is not None:
            query = query.filter(Quote.customer_id == customer_id)
        if status:
            query = query.filter(Quote.status == status)
        return query.order_by(Quote.id.desc())

    def count_items(self, db: Session, quote_id: int) -> int:
        return db.query(QuoteItem).filter(QuoteItem.quote_id == quote_id).count()


quote = CRUDQuote(Quote)
