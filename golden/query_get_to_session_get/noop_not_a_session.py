from redis import Redis


def lookups(cache: Redis, db: Database, settings: dict, user_id: int):
    # `cache` and a `db` annotated with another type are not sessions.
    first = cache.query(User).get(user_id)
    second = db.query(User).get(user_id)
    return first, second, settings.get("x")
