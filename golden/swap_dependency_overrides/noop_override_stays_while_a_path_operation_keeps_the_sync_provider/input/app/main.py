from fastapi import Depends, FastAPI
from sqlalchemy.orm import Session

from app.database import get_db
from app.models import Event

app = FastAPI()


@app.post("/events")
def record_events(events: list[dict], db: Session = Depends(get_db)):
    # bulk_insert_mappings has no AsyncSession twin: this path operation stays sync
    db.bulk_insert_mappings(Event, events)
    db.commit()
    return {"recorded": len(events)}
