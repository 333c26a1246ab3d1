from fastapi import APIRouter, Depends, HTTPException, Query, Response, status
from sqlalchemy.orm import Session

from app import crud
from app.database import get_db
from app.deps import get_current_user
from app.legacy import exports
from app.models import User
from app.pagination import paginate
from app.schemas import (
    CityCount,
    CustomerCreate,
    CustomerDetail,
    CustomerOut,
    CustomerUpdate,
    Page,
)

router = APIRouter(prefix="/customers", tags=["customers"])


@router.get("", response_model=Page[CustomerOut])
def list_customers(
    city: str | None = None,
    q: str | None = None,
    mine: bool = False,
    page: int = Query(1, ge=1),
    size: int = Query(20, ge=1, le=100),
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    owner_id = current_user.id if mine else None
    query = crud.customer.list_query(db, city=city, search=q, owner_id=owner_id)
    return paginate(query, page, size)


@router.post("", response_model=CustomerOut, status_code=status.HTTP_201_CREATED)
def create_customer(
    customer_in: CustomerCreate,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    return crud.customer.create_with_owner(db, customer_in, owner_id=current_user.id)


@router.get("/export")
def export_customers(
    city: str | None = None,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    return Response(exports.customers_csv(db, city), media_type="text/csv")


@router.get("/cities", response_model=list[CityCount])
def customer_cities(
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    return crud.customer.city_counts(db)


@router.get("/{customer_id}", response_model=CustomerDetail)
def read_customer(
    customer_id: int,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    customer = crud.customer.get_with_contacts(db, customer_id)
    if customer is None:
        raise HTTPException(status_code=404, detail="Customer not found")
    return customer


@router.put("/{customer_id}", response_model=CustomerOut)
def update_customer(
    customer_id: int,
    customer_in: CustomerUpdate,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    customer = crud.customer.get(db, customer_id)
    if customer is None:
        raise HTTPException(status_code=404, detail="Customer not found")
    return crud.customer.update(db, customer, customer_in)


@router.delete("/{customer_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_customer(
    customer_id: int,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    customer = crud.customer.get(db, customer_id)
    if customer is None:
        raise HTTPException(status_code=404, detail="Customer not found")
    if customer.owner_id != current_user.id and not current_user.is_admin:
        raise HTTPException(
            status_code=403, detail="Only the owner can delete a customer"
        )
    db.delete(customer)
    db.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
