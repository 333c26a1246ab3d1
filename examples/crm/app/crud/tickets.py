from app.crud.base import CRUDBase
from app.models import Ticket


class CRUDTicket(CRUDBase[Ticket]):
    def list_filtered(
        self,
        db,
        status: str | None = None,
        priority: str | None = None,
        assignee_id: int | None = None,
        customer_id: int | None = None,
    ) -> list[Ticket]:
        query = db.query(Ticket)
        if status:
            query = query.filter(Ticket.status == status)
        if priority:
            query = query.filter(Ticket.priority == priority)
        if assignee_id is not None:
            query = query.filter(Ticket.assignee_id == assignee_id)
        if customer_id is not None:
            query = query.filter(Ticket.customer_id == customer_id)
        return query.order_by(Ticket.id).all()

    def mark_all_read(self, db, assignee_id: int) -> int:
        updated = (
            db.query(Ticket)
            .filter(Ticket.assignee_id == assignee_id, Ticket.is_read.is_(False))
            .update({Ticket.is_read: True}, synchronize_session=False)
        )
        db.commit()
        return updated


ticket = CRUDTicket(Ticket)
