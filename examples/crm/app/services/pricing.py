from sqlalchemy import func

from app import crud
from app.config import settings
from app.models import OrderLine, Product, QuoteItem

VOLUME_DISCOUNTS = [
    (50, 0.10),
    (10, 0.05),
]


class PricingError(Exception):
    pass


def volume_discount(quantity: int) -> float:
    for threshold, rate in VOLUME_DISCOUNTS:
        if quantity >= threshold:
            return rate
    return 0.0


def price_for(db, product_id: int, quantity: int) -> tuple[Product, float]:
    product = crud.product.get(db, product_id)
    if product is None:
        raise PricingError(f"Product {product_id} not found")
    if not product.is_active:
        raise PricingError(f"Product {product.sku} is not available")
    unit_price = round(product.unit_price * (1 - volume_discount(quantity)), 2)
    return product, unit_price


def quote_subtotal(db, quote_id: int) -> float:
    subtotal = (
        db.query(func.sum(QuoteItem.quantity * QuoteItem.unit_price))
        .filter(QuoteItem.quote_id == quote_id)
        .scalar()
    )
    return round(float(subtotal or 0), 2)


def order_subtotal(db, order_id: int) -> float:
    subtotal = (
        db.query(func.sum(OrderLine.quantity * OrderLine.unit_price))
        .filter(OrderLine.order_id == order_id)
        .scalar()
    )
    return round(float(subtotal or 0), 2)


def discount_and_tax(subtotal: float, discount_percent: float) -> dict:
    discount = round(subtotal * discount_percent / 100, 2)
    taxable = round(subtotal - discount, 2)
    tax = round(taxable * settings.tax_rate, 2)
    return {
        "subtotal": subtotal,
        "discount": discount,
        "tax": tax,
        "total": round(taxable + tax, 2),
    }
