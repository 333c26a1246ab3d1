from datetime import datetime, timezone

from fastapi import APIRouter, HTTPException, Query, Response, status

from app import crud
from app.deps import CurrentUser, SessionDep
from app.models import Note, User
from app.pagination import paginate
from app.schemas import NoteCreate, NoteOut, NoteSearchHit, NoteUpdate, Page

router = APIRouter(tags=["notes"])


def get_own_note(db, note_id: int, user: User, allow_admin: bool = False) -> Note:
    note = crud.note.get(db, note_id)
    if note is None:
        raise HTTPException(status_code=404, detail="Note not found")
    if note.author_id != user.id and not (allow_admin and user.is_admin):
        raise HTTPException(status_code=403, detail="Only the author can do this")
    return note


@router.get("/customers/{customer_id}/notes", response_model=list[NoteOut])
def list_customer_notes(customer_id: int, db: SessionDep, current_user: CurrentUser):
    if crud.customer.get(db, customer_id) is None:
        raise HTTPException(status_code=404, detail="Customer not found")
    return crud.note.list_for_customer(db, customer_id)


@router.post(
    "/customers/{customer_id}/notes",
    response_model=NoteOut,
    status_code=status.HTTP_201_CREATED,
)
def add_customer_note(
    customer_id: int, note_in: NoteCreate, db: SessionDep, current_user: CurrentUser
):
    if crud.customer.get(db, customer_id) is None:
        raise HTTPException(status_code=404, detail="Customer not found")
    return crud.note.create_for_customer(
        db, customer_id, current_user.id, note_in.body, note_in.is_pinned
    )


@router.get("/notes", response_model=Page[NoteSearchHit])
def search_notes(
    db: SessionDep,
    current_user: CurrentUser,
    q: str | None = None,
    mine: bool = False,
    city: str | None = None,
    page: int = Query(1, ge=1),
    size: int = Query(20, ge=1, le=100),
):
    author_id = current_user.id if mine else None
    query = crud.note.search_query(db, text=q, author_id=author_id, city=city)
    return paginate(query, page, size)


@router.patch("/notes/{note_id}", response_model=NoteOut)
def update_note(
    note_id: int, note_in: NoteUpdate, db: SessionDep, current_user: CurrentUser
):
    note = get_own_note(db, note_id, current_user)
    changes = note_in.model_dump(exclude_unset=True)
    if "body" in changes and changes["body"] != note.body:
        changes["edited_at"] = datetime.now(timezone.utc)
    return crud.note.update(db, note, changes)


@router.delete("/notes/{note_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_note(note_id: int, db: SessionDep, current_user: CurrentUser):
    note = get_own_note(db, note_id, current_user, allow_admin=True)
    crud.note.remove(db, note.id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
