from app.crud import rename
from app.database import SessionLocal


def main() -> None:
    db = SessionLocal()
    try:
        rename(db, 1, "Oslo")
    finally:
        db.close()


main()  # runs on import: module-level code cannot await, so `main` stays sync
