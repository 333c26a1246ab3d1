from sqlalchemy.orm import Query


def paginate(
    query: Query,
    page: int,
    size: int,
):
    return {"total": query.count(), "items": query.offset(page * size).limit(size).all()}
