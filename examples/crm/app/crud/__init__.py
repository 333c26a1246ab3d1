from app.crud.campaigns import campaign
from app.crud.contacts import contact
from app.crud.customers import customer
from app.crud.leads import lead
from app.crud.products import product
from app.crud.quotes import quote
from app.crud.suppliers import supplier
from app.crud.tickets import ticket
from app.crud.users import user

__all__ = [
    "campaign",
    "contact",
    "customer",
    "lead",
    "product",
    "quote",
    "supplier",
    "ticket",
    "user",
]
