"""The text checks pass every spelling of what they stand for, and little else."""

from __future__ import annotations

import pytest

from codemods.text_checks import (
    attribute_named,
    called_or_renamed,
    defines,
    get_on_a_call,
    method_called,
)

RELATIONSHIPS = frozenset({"items", "owner"})
FACTORIES = frozenset({"SessionLocal", "get_db"})


@pytest.mark.parametrize(
    ("source", "matches"),
    [
        pytest.param("db.query(User).get(1)", True, id="on one line"),
        pytest.param("db.query(User) \\\n    .get(1)", True, id="after a line continuation"),
        pytest.param(
            "(\n    db.query(User)  # by id\n    # by key\n    .get(1)\n)",
            True,
            id="after comments",
        ),
        pytest.param("(db.query(User).get)(1)", True, id="the method in brackets, called"),
        pytest.param('f"{db.query(User).get(1)}"', True, id="inside an f-string"),
        pytest.param("row.get('id')", False, id="a dict's get: noop"),
        pytest.param("db.query(User).get", False, id="not called: noop"),
        pytest.param(
            "# db.query(User).get(1)\n'db.query(User).get(1)'",
            False,
            id="in a comment or string: noop",
        ),
        pytest.param("db.query(User).get(1\n", True, id="text that does not tokenize passes"),
    ],
)
def test_get_on_a_call(source: str, matches: bool) -> None:
    assert get_on_a_call(source) is matches


@pytest.mark.parametrize(
    ("source", "matches"),
    [
        pytest.param("db.query(User)", True, id="called"),
        pytest.param("db.query \\\n(User)", True, id="across a line continuation"),
        pytest.param("(db.  # the session\n query(User))", True, id="across a comment"),
        pytest.param("query(User)", False, id="a function, not a method: noop"),
        pytest.param("(db.query)(User)", True, id="in brackets, called"),
        pytest.param("db.query", False, id="not called: noop"),
    ],
)
def test_method_called(source: str, matches: bool) -> None:
    assert method_called(source, "query") is matches


@pytest.mark.parametrize(
    ("source", "matches"),
    [
        pytest.param("user.items", True, id="read"),
        pytest.param("user.items.append(x)", True, id="called on"),
        pytest.param("(user  # who\n    .owner)", True, id="after a comment"),
        pytest.param("items = []\nowner_id = 1", False, id="other names: noop"),
        pytest.param("user.items_count", False, id="a longer name: noop"),
    ],
)
def test_attribute_named(source: str, matches: bool) -> None:
    assert attribute_named(source, RELATIONSHIPS) is matches


@pytest.mark.parametrize(
    ("source", "matches"),
    [
        pytest.param("db = SessionLocal()", True, id="called"),
        pytest.param("db = next(get_db ())", True, id="called, with a space"),
        pytest.param("db = database.SessionLocal()", True, id="called on its module"),
        pytest.param("db = (SessionLocal)()", True, id="called in brackets"),
        pytest.param("from app.db import SessionLocal as make\nmake()", True, id="renamed"),
        pytest.param(
            "from app.db import SessionLocal \\\n    as make\nmake()",
            True,
            id="renamed after a line continuation",
        ),
        pytest.param(
            "from app.db import (SessionLocal  # ours\n    as make)\nmake()",
            True,
            id="renamed after a comment",
        ),
        pytest.param("def f(db=Depends(get_db)): ...", False, id="passed, not called: noop"),
        pytest.param("from app.db import SessionLocal", False, id="imported only: noop"),
        pytest.param("AsyncSessionLocal()", False, id="another name: noop"),
    ],
)
def test_called_or_renamed(source: str, matches: bool) -> None:
    assert called_or_renamed(source, FACTORIES) is matches


@pytest.mark.parametrize(
    ("source", "matches"),
    [
        pytest.param("def get_user(db):\n    pass\n", True, id="a function"),
        pytest.param("class A:\n    async def get_user(self): ...\n", True, id="a method"),
        pytest.param("def \\\n    get_user(db): ...\n", True, id="after a line continuation"),
        pytest.param("user = crud.get_user(db)\n", False, id="called, not defined"),
        pytest.param("# def get_user\n", False, id="in a comment"),
        pytest.param("def get_user_2(db): ...\n", False, id="another name"),
        pytest.param("def g(): return 'é'\n", True, id="not ASCII: passes"),
    ],
)
def test_defines(source: str, matches: bool) -> None:
    assert defines(source, {"get_user", "é"}) is matches


def test_a_long_block_of_comments_is_read_once() -> None:
    # a regex allowing comments between tokens went back over the block from every `)`
    block = "    # call foo() then bar().\n" * 20_000
    assert not get_on_a_call("x = 1\n" + block + "y.get\n")
    assert not attribute_named(block + "items = 1\n", RELATIONSHIPS)
