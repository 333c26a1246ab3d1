from app.database import SessionLocal
from app.models import User


def cleanup() -> int:
    db = SessionLocal()  # sqla-async: allow[SQA003] a cron script, run outside the app
    # sqla-async: allow[SQA001] the same script
    return db.query(User).filter(User.city.is_(None)).count()


def export() -> list[str]:
    db = SessionLocal()  # sqla-async: allow[SQA003]  # expect: SQA000, SQA003
    return [u.email for u in db.query(User)]  # sqla-async: allow[SQA999] typo  # expect: SQA000, SQA001
