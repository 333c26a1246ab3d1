from sqlalchemy.orm import Session


def load(db: Session, invoice_id: int):
    with_comment = db.query(
        Invoice  # the billing model
    ).get(
        invoice_id,
    )
    key_on_its_own_line = db.query(Invoice).get(
        invoice_id,
    )
    entity_on_its_own_line = db.query(
        Invoice,
    ).get(invoice_id)
    return with_comment, key_on_its_own_line, entity_on_its_own_line
# output
from sqlalchemy.orm import Session


def load(db: Session, invoice_id: int):
    with_comment = db.get(
        Invoice,  # the billing model
        invoice_id,
    )
    key_on_its_own_line = db.get(
        Invoice,
        invoice_id,
    )
    entity_on_its_own_line = db.get(
        Invoice,
        invoice_id
    )
    return with_comment, key_on_its_own_line, entity_on_its_own_line
