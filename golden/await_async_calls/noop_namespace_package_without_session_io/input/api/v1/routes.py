from fastapi import APIRouter

from api.v1.crud import describe
from api.v1.models import User

router = APIRouter()


@router.get("/describe")
def read_description():
    return {"text": describe(User(id=1, email="a@example.com"))}
