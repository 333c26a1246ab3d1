from fastapi import HTTPException
from sqlalchemy.orm import Session

from app import models


def get_customer(db: Session, customer_id: int) -> models.Customer:
    customer = db.query(models.Customer).get(customer_id)
    if customer is None:
        raise HTTPException(status_code=404, detail="Customer not found")
    return customer
# output
from fastapi import HTTPException
from sqlalchemy.orm import Session

from app import models


def get_customer(db: Session, customer_id: int) -> models.Customer:
    customer = db.get(models.Customer, customer_id)
    if customer is None:
        raise HTTPException(status_code=404, detail="Customer not found")
    return customer
