from sqlalchemy.orm import Query, Session

from app.crud.base import CRUDBase
from app.models import Order, OrderLine


class CRUDOrder(CRUDBase[Order]):
    def get_by_quote(self, db: Session, quote_id: int) -> Order | None:
        return db.query(Order).filter(Order.quote_id == quote_id).one_or_none()

    def get_line(self, db: Session, order_id: int, line_id: int) -> OrderLine | None:
        return (
            db.query(OrderLine).filter_by(id=line_id, order_id=order_id).one_or_none()
        )

    def list_query(
        self,
        db: Session,
        customer_id: int | None = None,
        status: str | None = None,
    ) -> Query:
        query = db.query(Order)
        if customer_id is not None:
            query = query.filter(Order.customer_id == customer_id)
        if status:
            query = query.filter(Order.status == status)
        return query.order_by(Order.id.desc())

    def count_lines(self, db: Session, order_id: int) -> int:
        return db.query(OrderLine).filter(OrderLine.order_id == order_id).count()

    def confirm_pending(self, db: Session, order_ids: list[int]) -> int:
        confirmed = (
            db.query(Order)
            .filter(
                Order.id.in_(order_ids),
                Order.status == "pending",
                Order.lines.any(),
            )
            .update({Order.status: "confirmed"}, synchronize_session=False)
        )
        db.commit()
        return confirmed


order = CRUDOrder(Order)
