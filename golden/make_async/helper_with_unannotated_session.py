from app.models import User


def newest(db):
    return db.query(User).order_by(User.id.desc()).first()


def summary(db) -> str:
    user = newest(db)
    return user.email if user else ""
# output
from app.models import User
from sqlalchemy import select


async def newest(db):
    return (await db.execute(
        select(User).order_by(User.id.desc()).limit(1)
    )).scalars().first()


async def summary(db) -> str:
    user = await newest(db)
    return user.email if user else ""
