from app import crud


def sorted_users(db, ids: list[int]) -> list[int]:
    # A lambda cannot await: this function, and what it shares sessions with, stay sync.
    return sorted(ids, key=lambda i: crud.get_user(db, i).city or "")
