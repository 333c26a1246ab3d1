from fastapi import APIRouter, Depends, HTTPException, Query, Response, status

from app import crud
from app.deps import CurrentUser, SessionDep, get_current_active_admin
from app.models import Customer, Tag
from app.pagination import paginate
from app.schemas import (
    AffectedRows,
    CustomerOut,
    Page,
    TagCreate,
    TagCustomersAdd,
    TagOut,
    TagUpdate,
    TagUsage,
)

router = APIRouter(tags=["tags"])


def get_tag_or_404(db, tag_id: int) -> Tag:
    tag = crud.tag.get(db, tag_id)
    if tag is None:
        raise HTTPException(status_code=404, detail="Tag not found")
    return tag


def get_customer_or_404(db, customer_id: int) -> Customer:
    customer = crud.customer.get(db, customer_id)
    if customer is None:
        raise HTTPException(status_code=404, detail="Customer not found")
    return customer


def load_customers(db, customer_ids: list[int]) -> list[Customer]:
    unique_ids = sorted(set(customer_ids))
    customers = (
        db.query(Customer)
        .filter(Customer.id.in_(unique_ids))
        .order_by(Customer.id)
        .all()
    )
    if len(customers) != len(unique_ids):
        found = {customer.id for customer in customers}
        missing = [cid for cid in unique_ids if cid not in found]
        raise HTTPException(status_code=404, detail=f"Customers not found: {missing}")
    return customers


@router.get("/tags", response_model=list[TagUsage])
def list_tags(db: SessionDep, current_user: CurrentUser):
    return crud.tag.usage(db)


@router.post("/tags", response_model=TagOut, status_code=status.HTTP_201_CREATED)
def create_tag(tag_in: TagCreate, db: SessionDep, current_user: CurrentUser):
    if crud.tag.get_by_name(db, tag_in.name) is not None:
        raise HTTPException(status_code=400, detail="Tag already exists")
    return crud.tag.create(db, tag_in)


@router.patch("/tags/{tag_id}", response_model=TagOut)
def update_tag(
    tag_id: int, tag_in: TagUpdate, db: SessionDep, current_user: CurrentUser
):
    tag = get_tag_or_404(db, tag_id)
    if tag_in.name and tag_in.name != tag.name:
        if crud.tag.get_by_name(db, tag_in.name) is not None:
            raise HTTPException(status_code=400, detail="Tag already exists")
    return crud.tag.update(db, tag, tag_in)


@router.delete(
    "/tags/{tag_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[Depends(get_current_active_admin)],
)
def delete_tag(tag_id: int, db: SessionDep):
    if crud.tag.remove(db, tag_id) is None:
        raise HTTPException(status_code=404, detail="Tag not found")
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/tags/{tag_id}/customers", response_model=Page[CustomerOut])
def list_tagged_customers(
    tag_id: int,
    db: SessionDep,
    current_user: CurrentUser,
    page: int = Query(1, ge=1),
    size: int = Query(20, ge=1, le=100),
):
    get_tag_or_404(db, tag_id)
    return paginate(crud.tag.customers_query(db, tag_id), page, size)


@router.post("/tags/{tag_id}/customers", response_model=AffectedRows)
def tag_customers(
    tag_id: int,
    payload: TagCustomersAdd,
    db: SessionDep,
    current_user: CurrentUser,
):
    tag = get_tag_or_404(db, tag_id)
    customers = load_customers(db, payload.customer_ids)
    return {"count": crud.tag.tag_customers(db, tag, customers)}


@router.get("/customers/{customer_id}/tags", response_model=list[TagOut])
def list_customer_tags(customer_id: int, db: SessionDep, current_user: CurrentUser):
    customer = get_customer_or_404(db, customer_id)
    return customer.tags


@router.put("/customers/{customer_id}/tags/{tag_id}", response_model=list[TagOut])
def add_customer_tag(
    customer_id: int, tag_id: int, db: SessionDep, current_user: CurrentUser
):
    customer = get_customer_or_404(db, customer_id)
    tag = get_tag_or_404(db, tag_id)
    if tag not in customer.tags:
        customer.tags.append(tag)
        db.commit()
        db.refresh(customer)
    return customer.tags


@router.delete("/customers/{customer_id}/tags/{tag_id}", response_model=list[TagOut])
def remove_customer_tag(
    customer_id: int, tag_id: int, db: SessionDep, current_user: CurrentUser
):
    customer = get_customer_or_404(db, customer_id)
    tag = get_tag_or_404(db, tag_id)
    if tag not in customer.tags:
        raise HTTPException(
            status_code=404, detail="The customer does not have the tag"
        )
    customer.tags.remove(tag)
    db.commit()
    db.refresh(customer)
    return customer.tags
