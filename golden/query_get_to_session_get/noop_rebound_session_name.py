def refresh_index(db, user_id):
    db = open_search_index(db)
    return db.query(User).get(user_id)
