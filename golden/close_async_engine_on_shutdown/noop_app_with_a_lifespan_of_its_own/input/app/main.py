from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.database import engine


@asynccontextmanager
async def lifespan(app):
    yield
    engine.dispose()


app = FastAPI(title="Inventory", lifespan=lifespan)


@app.get("/version")
def version():
    return {"version": "1.0"}
