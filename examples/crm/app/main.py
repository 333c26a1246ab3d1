from fastapi import FastAPI

from app.api.routers import (
    auth,
    campaigns,
    contacts,
    customers,
    dashboard,
    health,
    helpdesk,
    invoices,
    leads,
    notes,
    orders,
    products,
    quotes,
    suppliers,
    tags,
    tasks,
    users,
    websocket,
)
from app.config import settings
from app.database import Base, engine

Base.metadata.create_all(bind=engine)

app = FastAPI(title=settings.project_name, version="1.4.0")

app.include_router(auth.router)
app.include_router(users.router)
app.include_router(customers.router)
app.include_router(contacts.router)
app.include_router(leads.router)
app.include_router(quotes.router)
app.include_router(products.router)
app.include_router(suppliers.router)
app.include_router(campaigns.router)
app.include_router(helpdesk.router)
app.include_router(orders.router)
app.include_router(invoices.router)
app.include_router(tasks.router)
app.include_router(tags.router)
app.include_router(notes.router)
app.include_router(dashboard.router)
app.include_router(websocket.router)
app.include_router(health.router)


@app.get("/health", tags=["meta"])
def liveness():
    return {"status": "ok"}
