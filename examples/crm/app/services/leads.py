from sqlalchemy.orm import Session

from app import crud
from app.models import Contact, Customer, Lead, User


class LeadConversionError(Exception):
    pass


def convert_lead(db: Session, lead: Lead, owner: User) -> Customer:
    if lead.status == "converted":
        raise LeadConversionError("Lead has already been converted")
    if lead.status == "lost":
        raise LeadConversionError("Lost leads cannot be converted")

    customer = Customer(
        name=lead.company or lead.title,
        email=lead.email,
        city=lead.city,
        owner_id=owner.id,
    )
    db.add(customer)
    db.flush()

    if lead.contact_name:
        first_name, _, last_name = lead.contact_name.strip().partition(" ")
        db.add(
            Contact(
                customer_id=customer.id,
                first_name=first_name,
                last_name=last_name or None,
                email=lead.email,
            )
        )

    lead.status = "converted"
    lead.customer_id = customer.id
    db.commit()
    return crud.customer.get_with_contacts(db, customer.id)
