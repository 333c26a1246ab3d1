def get_user(db, user_id):
    return db.query(User).get(user_id)


def get_ticket(session, ticket_id):
    return session.query(Ticket).get(ticket_id)
# output
def get_user(db, user_id):
    return db.get(User, user_id)


def get_ticket(session, ticket_id):
    return session.get(Ticket, ticket_id)
