import logging

from app.database import SessionLocal
from app.models import User

logger = logging.getLogger(__name__)


def deactivate(user_id: int) -> None:
    """A background task: its own session, rolled back on failure, always closed."""
    db = SessionLocal()
    try:
        user = db.get(User, user_id)
        user.city = None
        db.commit()
    except Exception:
        db.rollback()
        raise
    finally:
        db.close()
        logger.info("deactivation of %s done", user_id)
# output
import logging

from app.database import AsyncSessionLocal
from app.models import User

logger = logging.getLogger(__name__)


async def deactivate(user_id: int) -> None:
    """A background task: its own session, rolled back on failure, always closed."""
    async with AsyncSessionLocal() as db:
        try:
            user = await db.get(User, user_id)
            user.city = None
            await db.commit()
        except Exception:
            await db.rollback()
            raise
        finally:
            logger.info("deactivation of %s done", user_id)
