from sqlalchemy.orm import Session
from exporters import Exporter


def export_all(db: Session) -> int:
    """Exporter keeps the session for its later calls: they would run outside run_sync."""
    exporter = Exporter(db)
    db.commit()
    return exporter.run()
