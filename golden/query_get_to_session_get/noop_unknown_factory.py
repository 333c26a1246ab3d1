def from_unknown_factory(user_id: int):
    # Nothing says `make_connection()` returns a SQLAlchemy session.
    conn = make_connection()
    return conn.query(User).get(user_id)
