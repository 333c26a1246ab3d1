from sqlalchemy.orm import Session
from reportlib import export_csv


def export_later(db: Session, schedule) -> None:
    schedule(lambda: export_csv(db, "/tmp/out.csv"))
    db.commit()


def export_with_a_computed_path(db: Session, folder: str) -> None:
    """The path would be computed inside run_sync's lambda: left alone."""
    export_csv(folder.strip(), db)
    db.commit()
