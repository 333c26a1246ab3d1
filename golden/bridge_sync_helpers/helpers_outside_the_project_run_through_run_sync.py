import audit
from fastapi import APIRouter, Depends
from reportlib import export_csv
from sqlalchemy.orm import Session

from app.database import get_db
from app.models import User

router = APIRouter()


@router.post("/users/{user_id}/export")
def export_user(user_id: int, path: str, db: Session = Depends(get_db)):
    user = db.get(User, user_id)
    rows = export_csv(db, path, limit=10)
    audit.record(user, db)
    audit.log_event("export", session=db)
    return {"rows": rows, "bytes": len(export_csv(db, path).strip())}
# output
import audit
from fastapi import APIRouter, Depends
from reportlib import export_csv

from app.database import get_async_db
from app.models import User
from sqlalchemy.ext.asyncio import AsyncSession

router = APIRouter()


@router.post("/users/{user_id}/export")
async def export_user(user_id: int, path: str, db: AsyncSession = Depends(get_async_db)):
    user = await db.get(User, user_id)
    rows = await db.run_sync(export_csv, path, limit=10)
    await db.run_sync(lambda sync_db: audit.record(user, sync_db))
    await db.run_sync(lambda sync_db: audit.log_event("export", session=sync_db))
    return {"rows": rows, "bytes": len((await db.run_sync(export_csv, path)).strip())}
