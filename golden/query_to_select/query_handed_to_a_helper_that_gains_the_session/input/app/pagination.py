from typing import Any

from sqlalchemy.orm import Query


def paginate(query: Query, page: int = 1, size: int = 20) -> dict[str, Any]:
    """Knows nothing of sessions: its callers' queries did."""
    total = query.count()
    items = query.offset((page - 1) * size).limit(size).all()
    return {"items": items, "total": total, "page": page}
