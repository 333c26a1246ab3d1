"""Walking only the statements of a stdlib `ast` tree finds what `ast.walk` finds."""

from __future__ import annotations

import ast

from codemods.astnames import STATEMENT_HOLDERS, walk_statements

NESTED = """\
import os


def handler(db):
    from sqlalchemy import select
    rows = [lambda: (yield) for _ in db]
    try:
        import json
    except ImportError as error:
        class Fallback:
            def method(self):
                self.db = db
    match db:
        case {"kind": kind}:
            def inner():
                return kind
    with open(os.devnull) as sink:
        while rows:
            rows.pop()
"""


def test_statements_come_in_ast_walks_order_and_nothing_else_is_entered() -> None:
    tree = ast.parse(NESTED)
    expected = [node for node in ast.walk(tree) if isinstance(node, STATEMENT_HOLDERS)]
    found = list(walk_statements(tree))
    assert found[0] is tree
    assert found[1:] == expected
    names = [node.name for node in found if isinstance(node, ast.FunctionDef | ast.ClassDef)]
    assert names == ["handler", "Fallback", "inner", "method"]
