from sqlalchemy import func

from app import crud
from app.models import Product, QuoteItem

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
