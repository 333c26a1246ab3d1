from sqlalchemy.orm import Session


async def report(db: Session) -> None:
    db.commit()
    db.refresh(obj)
