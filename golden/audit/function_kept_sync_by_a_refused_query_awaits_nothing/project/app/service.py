from sqlalchemy.orm import Session

from app.models import User


# The plan keeps both functions sync (a legacy query `migrate` leaves): their sessions
# stay sync Sessions, and their commits need no `await`.
def purge_oldest(db: Session, city: str) -> int:  # expect: SQA002
    query = db.query(User).filter(User.city == city).order_by(User.id)  # expect: SQA001
    deleted = query.delete()
    db.commit()
    return deleted


def purge(db: Session, city: str) -> int:  # expect: SQA002
    return purge_oldest(db, city)
