async def handler(db, session) -> None:
    # Unannotated: it may be a sync Session or something else entirely.
    db.commit()
    session.flush()
