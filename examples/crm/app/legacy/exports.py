"""CSV exports the finance team's scripts also import: they stay on the sync Session."""

import csv
import io

from sqlalchemy.orm import Session

from app.models import Customer


def customers_csv(db: Session, city: str | None = None) -> str:
    query = db.query(Customer).order_by(Customer.name)
    if city is not None:
        query = query.filter(Customer.city == city)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["name", "city", "owner"])
    for customer in query:
        owner = customer.owner.email if customer.owner else ""
        writer.writerow([customer.name, customer.city or "", owner])
    return out.getvalue()
