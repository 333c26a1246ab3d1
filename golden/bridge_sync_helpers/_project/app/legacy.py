"""Reports the team keeps sync (`keep-sync`): their callers bridge with run_sync."""

from sqlalchemy.orm import Session

from app.models import User


def city_report(db: Session, city: str) -> list[str]:
    return [u.email for u in db.query(User).filter(User.city == city).all()]
