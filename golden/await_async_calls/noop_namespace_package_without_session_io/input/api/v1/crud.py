from api.v1.models import User


def describe(user: User) -> str:
    return f"{user.id}: {user.email}"
