"""The text checks match every spelling of what they stand for, and little else."""

from __future__ import annotations

import pytest

from codemods.text_checks import GET_ON_A_CALL, attribute_named, called_or_renamed

RELATIONSHIPS = frozenset({"items", "owner"})
FACTORIES = frozenset({"SessionLocal", "get_db"})


@pytest.mark.parametrize(
    ("source", "matches"),
    [
        pytest.param("db.query(User).get(1)", True, id="on one line"),
        pytest.param("db.query(User) \\\n    .get(1)", True, id="after a line continuation"),
        pytest.param("(\n    db.query(User)  # by id\n    .get(1)\n)", True, id="after a comment"),
        pytest.param("db.query(User). get (1)", True, id="with spaces"),
        pytest.param("row.get('id')", False, id="a dict's get: noop"),
        pytest.param("db.query(User).get", False, id="not called: noop"),
    ],
)
def test_get_on_a_call(source: str, matches: bool) -> None:
    assert (GET_ON_A_CALL.search(source) is not None) is matches


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
    assert (attribute_named(RELATIONSHIPS).search(source) is not None) is matches


@pytest.mark.parametrize(
    ("source", "matches"),
    [
        pytest.param("db = SessionLocal()", True, id="called"),
        pytest.param("db = next(get_db ())", True, id="called, with a space"),
        pytest.param("db = database.SessionLocal()", True, id="called on its module"),
        pytest.param("from app.db import SessionLocal as make\nmake()", True, id="renamed"),
        pytest.param("def f(db=Depends(get_db)): ...", False, id="passed, not called: noop"),
        pytest.param("from app.db import SessionLocal", False, id="imported only: noop"),
        pytest.param("AsyncSessionLocal()", False, id="another name: noop"),
    ],
)
def test_called_or_renamed(source: str, matches: bool) -> None:
    assert (called_or_renamed(FACTORIES).search(source) is not None) is matches


def test_a_line_of_many_comment_marks_is_scanned_once() -> None:
    # gaps cannot split one comment in two, or this would backtrack for ages
    assert GET_ON_A_CALL.search(")" + "# " * 5000) is None
    assert attribute_named(RELATIONSHIPS).search("." + " # x" * 5000) is None


def test_a_check_needs_a_name() -> None:
    with pytest.raises(ValueError, match="at least one name"):
        attribute_named(frozenset())
