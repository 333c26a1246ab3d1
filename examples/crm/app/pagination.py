import math
from typing import Any

from sqlalchemy.orm import Query

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


def paginate(
    query: Query, page: int = 1, size: int = DEFAULT_PAGE_SIZE
) -> dict[str, Any]:
    page = max(page, 1)
    size = max(1, min(size, MAX_PAGE_SIZE))
    total = query.count()
    items = query.offset((page - 1) * size).limit(size).all()
    return {
        "items": items,
        "total": total,
        "page": page,
        "size": size,
        "pages": math.ceil(total / size) if total else 0,
    }
