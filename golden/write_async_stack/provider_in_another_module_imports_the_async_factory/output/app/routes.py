from fastapi import APIRouter

from app.deps import SessionDep

router = APIRouter()


@router.post("/ping")
async def ping(db: SessionDep):
    await db.commit()
    return {"ok": True}
