from app.crud.campaigns import campaign
from app.crud.contacts import contact
from app.crud.customers import customer
from app.crud.invoices import invoice
from app.crud.leads import lead
from app.crud.notes import note
from app.crud.orders import order
from app.crud.products import product
from app.crud.quotes import quote
from app.crud.suppliers import supplier
from app.crud.tags import tag
from app.crud.tasks import task
from app.crud.tickets import ticket
from app.crud.users import user

__all__ = [
    "campaign",
    "contact",
    "customer",
    "invoice",
    "lead",
    "note",
    "order",
    "product",
    "quote",
    "supplier",
    "tag",
    "task",
    "ticket",
    "user",
]
