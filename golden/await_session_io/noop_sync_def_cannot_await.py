from sqlalchemy.ext.asyncio import AsyncSession


def save_later(db: AsyncSession) -> None:
    # `await` is a syntax error in a sync def: left for the audit (SQA004).
    db.commit()


def commit_factory(db: AsyncSession):
    # A sync function handing out the coroutine for its caller to await.
    return db.commit()
