from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy import Select, func, select


def paginate(db: Session, query: Select, page: int = 1, size: int = 20) -> dict[str, Any]:
    """Knows nothing of sessions: its callers' queries did."""
    total = db.execute(
        select(func.count()).select_from(query.subquery())
    ).scalar_one()
    items = db.execute(query.offset((page - 1) * size).limit(size)).scalars().all()
    return {"items": items, "total": total, "page": page}
