from fastapi import APIRouter

from app.deps import SessionDep

router = APIRouter()


@router.post("/ping")
def ping(db: SessionDep):
    db.commit()
    return {"ok": True}
