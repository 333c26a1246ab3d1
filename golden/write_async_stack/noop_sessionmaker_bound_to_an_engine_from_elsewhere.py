from sqlalchemy.orm import sessionmaker

from app.engines import primary_engine

# The engine's URL and options live elsewhere: nothing is written by guess.
SessionLocal = sessionmaker(bind=primary_engine)


def get_db():
    with SessionLocal() as db:
        yield db
