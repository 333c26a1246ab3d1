from fastapi import APIRouter, Depends, HTTPException, Query, Response, status
from sqlalchemy.orm import Session

from app import crud
from app.database import get_db
from app.deps import get_current_user
from app.models import User
from app.schemas import ContactCreate, ContactDetail, ContactOut

router = APIRouter(tags=["contacts"])


@router.get("/customers/{customer_id}/contacts", response_model=list[ContactOut])
def list_customer_contacts(
    customer_id: int,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    if crud.customer.get(db, customer_id) is None:
        raise HTTPException(status_code=404, detail="Customer not found")
    return crud.contact.list_for_customer(db, customer_id)


@router.post(
    "/customers/{customer_id}/contacts",
    response_model=ContactOut,
    status_code=status.HTTP_201_CREATED,
)
def create_contact(
    customer_id: int,
    contact_in: ContactCreate,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    if crud.customer.get(db, customer_id) is None:
        raise HTTPException(status_code=404, detail="Customer not found")
    if contact_in.email and crud.contact.get_by_customer_and_email(
        db, customer_id, contact_in.email
    ):
        raise HTTPException(
            status_code=400,
            detail="A contact with this email already exists for the customer",
        )
    return crud.contact.create_for_customer(db, contact_in, customer_id)


@router.get("/contacts", response_model=list[ContactOut])
def search_contacts(
    city: str | None = None,
    email: str | None = None,
    skip: int = Query(0, ge=0),
    limit: int = Query(50, ge=1, le=200),
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    return crud.contact.search(db, city=city, email=email, skip=skip, limit=limit)


@router.get("/contacts/{contact_id}", response_model=ContactDetail)
def read_contact(
    contact_id: int,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    contact = crud.contact.get(db, contact_id)
    if contact is None:
        raise HTTPException(status_code=404, detail="Contact not found")
    return contact


@router.delete("/contacts/{contact_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_contact(
    contact_id: int,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    if crud.contact.remove(db, contact_id) is None:
        raise HTTPException(status_code=404, detail="Contact not found")
    return Response(status_code=status.HTTP_204_NO_CONTENT)
