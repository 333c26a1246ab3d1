from datetime import date

from fastapi import APIRouter, Depends, HTTPException, Query, Response, status
from sqlalchemy.orm import Session

from app import crud
from app.database import get_db
from app.deps import get_current_active_admin, get_current_user
from app.models import Task, User
from app.pagination import paginate
from app.schemas import (
    AffectedRows,
    Page,
    TaskAgenda,
    TaskCreate,
    TaskDetail,
    TaskOut,
    TaskReassign,
    TaskUpdate,
)
from app.schemas.task import TaskStatus
from app.services import tasks as task_service

router = APIRouter(prefix="/tasks", tags=["tasks"])


def get_task_or_404(db: Session, task_id: int) -> Task:
    task = crud.task.get(db, task_id)
    if task is None:
        raise HTTPException(status_code=404, detail="Task not found")
    return task


@router.get("", response_model=Page[TaskOut])
def list_tasks(
    assignee_id: int | None = None,
    mine: bool = False,
    status: TaskStatus | None = None,
    customer_id: int | None = None,
    lead_id: int | None = None,
    due_before: date | None = None,
    page: int = Query(1, ge=1),
    size: int = Query(20, ge=1, le=100),
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    if mine:
        assignee_id = current_user.id
    query = crud.task.list_query(
        db,
        assignee_id=assignee_id,
        status=status,
        customer_id=customer_id,
        lead_id=lead_id,
        due_before=due_before,
    )
    return paginate(query, page, size)


@router.post("", response_model=TaskDetail, status_code=status.HTTP_201_CREATED)
def create_task(
    task_in: TaskCreate,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    try:
        task_service.check_references(
            db,
            assignee_id=task_in.assignee_id,
            customer_id=task_in.customer_id,
            lead_id=task_in.lead_id,
        )
    except task_service.TaskError as exc:
        raise HTTPException(status_code=400, detail=str(exc))
    data = task_in.model_dump()
    if data["assignee_id"] is None:
        data["assignee_id"] = current_user.id
    data["created_by_id"] = current_user.id
    return crud.task.create(db, data)


@router.get("/agenda", response_model=TaskAgenda)
def my_agenda(
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    return task_service.agenda(db, current_user)


@router.post("/reassign", response_model=AffectedRows)
def reassign_tasks(
    payload: TaskReassign,
    db: Session = Depends(get_db),
    admin: User = Depends(get_current_active_admin),
):
    if crud.user.get(db, payload.to_user_id) is None:
        raise HTTPException(status_code=400, detail="Assignee does not exist")
    moved = crud.task.reassign_open(db, payload.from_user_id, payload.to_user_id)
    return {"count": moved}


@router.delete("/completed", response_model=AffectedRows)
def purge_completed_tasks(
    everyone: bool = False,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    if everyone and not current_user.is_admin:
        raise HTTPException(status_code=403, detail="Not enough permissions")
    assignee_id = None if everyone else current_user.id
    return {"count": crud.task.purge_done(db, assignee_id=assignee_id)}


@router.get("/{task_id}", response_model=TaskDetail)
def read_task(
    task_id: int,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    return get_task_or_404(db, task_id)


@router.patch("/{task_id}", response_model=TaskOut)
def update_task(
    task_id: int,
    task_in: TaskUpdate,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    task = get_task_or_404(db, task_id)
    if not task_service.can_change(task, current_user):
        raise HTTPException(status_code=403, detail="Not enough permissions")
    try:
        task_service.check_references(db, assignee_id=task_in.assignee_id)
    except task_service.TaskError as exc:
        raise HTTPException(status_code=400, detail=str(exc))
    return crud.task.update(db, task, task_in)


@router.post("/{task_id}/complete", response_model=TaskOut)
def complete_task(
    task_id: int,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    task = get_task_or_404(db, task_id)
    if not task_service.can_change(task, current_user):
        raise HTTPException(status_code=403, detail="Not enough permissions")
    try:
        return task_service.complete_task(db, task)
    except task_service.TaskError as exc:
        raise HTTPException(status_code=400, detail=str(exc))


@router.delete("/{task_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_task(
    task_id: int,
    db: Session = Depends(get_db),
    current_user: User = Depends(get_current_user),
):
    task = get_task_or_404(db, task_id)
    if not task_service.can_change(task, current_user):
        raise HTTPException(status_code=403, detail="Not enough permissions")
    crud.task.remove(db, task.id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
