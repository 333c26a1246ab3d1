from pydantic import BaseModel, ConfigDict


class BookOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    title: str


class AuthorOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    name: str


class AuthorDetail(AuthorOut):
    books: list[BookOut] = []


class BookCreate(BaseModel):
    title: str
    author: str  # named like the relationship, but a schema field
