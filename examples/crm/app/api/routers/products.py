from fastapi import APIRouter, Depends, HTTPException, Query, status
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import crud
from app.database import get_db
from app.deps import get_current_active_admin, get_current_user
from app.models import Product, User
from app.pagination import paginate
from app.schemas import Page, ProductCreate, ProductDetail, ProductOut, ProductUpdate

router = APIRouter(prefix="/products", tags=["products"])


@router.get("", response_model=Page[ProductOut])
def list_products(
    q: str | None = None,
    include_inactive: bool = False,
    page: int = Query(1, ge=1),
    size: int = Query(20, ge=1, le=100),
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    query = crud.product.list_query(db, active_only=not include_inactive, search=q)
    return paginate(query, page, size)


@router.post("", response_model=ProductOut, status_code=status.HTTP_201_CREATED)
def create_product(
    product_in: ProductCreate,
    db: Session = Depends(get_db),
    admin: User = Depends(get_current_active_admin),
):
    if crud.product.sku_exists(db, product_in.sku):
        raise HTTPException(status_code=400, detail="SKU already exists")
    product = Product(**product_in.model_dump())
    db.add(product)
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        raise HTTPException(status_code=400, detail="SKU already exists")
    db.refresh(product)
    return product


@router.get("/sku/{sku}", response_model=ProductDetail)
def read_product_by_sku(
    sku: str,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    product = crud.product.get_by_sku(db, sku)
    if product is None:
        raise HTTPException(status_code=404, detail="Product not found")
    return product


@router.get("/{product_id}", response_model=ProductDetail)
def read_product(
    product_id: int,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    product = crud.product.get(db, product_id)
    if product is None:
        raise HTTPException(status_code=404, detail="Product not found")
    return product


@router.patch("/{product_id}", response_model=ProductOut)
def update_product(
    product_id: int,
    product_in: ProductUpdate,
    db: Session = Depends(get_db),
    admin: User = Depends(get_current_active_admin),
):
    product = crud.product.get(db, product_id)
    if product is None:
        raise HTTPException(status_code=404, detail="Product not found")
    if product_in.sku and product_in.sku != product.sku:
        if crud.product.sku_exists(db, product_in.sku):
            raise HTTPException(status_code=400, detail="SKU already exists")
    return crud.product.update(db, product, product_in)


@router.post("/{product_id}/suppliers/{supplier_id}", response_model=ProductDetail)
def link_supplier(
    product_id: int,
    supplier_id: int,
    db: Session = Depends(get_db),
    admin: User = Depends(get_current_active_admin),
):
    product = crud.product.get(db, product_id)
    if product is None:
        raise HTTPException(status_code=404, detail="Product not found")
    supplier = crud.supplier.get(db, supplier_id)
    if supplier is None:
        raise HTTPException(status_code=404, detail="Supplier not found")
    if supplier in product.suppliers:
        raise HTTPException(status_code=400, detail="Supplier already linked")
    return crud.product.add_supplier(db, product, supplier)
