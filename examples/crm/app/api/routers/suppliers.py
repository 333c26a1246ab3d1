from fastapi import APIRouter, Depends, HTTPException, Response, status

from app import crud
from app.deps import CurrentUser, SessionDep, get_current_active_admin
from app.schemas import SupplierCreate, SupplierDetail, SupplierOut

router = APIRouter(prefix="/suppliers", tags=["suppliers"])


@router.get("", response_model=list[SupplierOut])
def list_suppliers(
    db: SessionDep, current_user: CurrentUser, country: str | None = None
):
    return crud.supplier.list_by_country(db, country)


@router.post("", response_model=SupplierOut, status_code=status.HTTP_201_CREATED)
def create_supplier(
    supplier_in: SupplierCreate, db: SessionDep, current_user: CurrentUser
):
    data = supplier_in.model_dump()
    if data["country"]:
        data["country"] = data["country"].upper()
    return crud.supplier.create(db, data)


@router.get("/{supplier_id}", response_model=SupplierDetail)
def read_supplier(supplier_id: int, db: SessionDep, current_user: CurrentUser):
    supplier = crud.supplier.get(db, supplier_id)
    if supplier is None:
        raise HTTPException(status_code=404, detail="Supplier not found")
    return supplier


@router.delete(
    "/{supplier_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[Depends(get_current_active_admin)],
)
def delete_supplier(supplier_id: int, db: SessionDep):
    if crud.supplier.remove(db, supplier_id) is None:
        raise HTTPException(status_code=404, detail="Supplier not found")
    return Response(status_code=status.HTTP_204_NO_CONTENT)
