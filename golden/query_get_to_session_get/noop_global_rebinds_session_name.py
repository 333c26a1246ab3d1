db = SessionLocal()


def switch_database(user_id: int):
    global db
    db = connect_to_replica()
    return db.query(User).get(user_id)
