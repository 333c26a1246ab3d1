from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from app.database import get_db

router = APIRouter()


@router.get("/products/{product_id}")
def read_product(product_id: int, db: Session = Depends(get_db)):
    return db.query(Product).get(product_id)


@router.get("/suppliers/{supplier_id}")
def read_supplier(supplier_id: int, db=Depends(get_db)):
    return db.query(Supplier).get(supplier_id)
# output
from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from app.database import get_db

router = APIRouter()


@router.get("/products/{product_id}")
def read_product(product_id: int, db: Session = Depends(get_db)):
    return db.get(Product, product_id)


@router.get("/suppliers/{supplier_id}")
def read_supplier(supplier_id: int, db=Depends(get_db)):
    return db.get(Supplier, supplier_id)
