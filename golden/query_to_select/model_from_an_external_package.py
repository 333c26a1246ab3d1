from billing_models import Invoice
from sqlalchemy import and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def open_invoices(db: Session) -> list[Invoice]:
    # Not in the project: a CamelCase class passed to query() is an entity; no key proof.
    return db.query(Invoice).filter(Invoice.number == 7).first()
# output
from billing_models import Invoice
from sqlalchemy import select, and_, bindparam, func
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import Account, Membership, Post, Profile, Team, User


def open_invoices(db: Session) -> list[Invoice]:
    # Not in the project: a CamelCase class passed to query() is an entity; no key proof.
    return db.execute(
        select(Invoice).where(Invoice.number == 7).limit(1)
    ).scalars().first()
