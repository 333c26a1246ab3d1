"""Transformers without LibCST's matcher machinery give what LibCST's own give."""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m
import pytest
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor

from codemods.imports import AddImports, RemoveImports
from codemods.plain_dispatch import PlainDispatch

MODULE = '''"""Docstring."""
from sqlalchemy.orm import Session
import os


def handler(db: Session):
    from sqlalchemy import text
    if os.environ:
        from sqlalchemy.orm import joinedload
    return db


class Repo:
    from sqlalchemy.orm import Query
'''


class _RenamesCalls(PlainDispatch):
    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        return updated_node.with_changes(value=updated_node.value.upper())


class _UsesAMatcherDecorator(PlainDispatch):
    @m.leave(m.Name("db"))
    def rename(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        return updated_node


def _context() -> CodemodContext:
    return CodemodContext(full_module_name="app.routes", full_package_name="app")


def test_every_instance_dispatches_like_a_plain_transformer() -> None:
    tree = cst.parse_module("x = y\n")
    first = tree.visit(_RenamesCalls(_context()))
    second = tree.visit(_RenamesCalls(_context()))  # built without gathering decorators
    assert first.code == second.code == "X = Y\n"


def test_a_class_using_matcher_decorators_is_refused() -> None:
    with pytest.raises(TypeError, match="matcher decorators are not supported"):
        _UsesAMatcherDecorator(_context())


@pytest.mark.parametrize(
    "wanted",
    [
        pytest.param(("sqlalchemy.orm", "selectinload", None), id="extends a top import"),
        pytest.param(("sqlalchemy", "text", None), id="imported only inside a function"),
        pytest.param(("sqlalchemy", "func", "sa_func"), id="under another name"),
        pytest.param(("asyncio", None, None), id="a module"),
    ],
)
def test_adding_an_import_gives_what_libcst_gives(
    wanted: tuple[str, str | None, str | None],
) -> None:
    def added(visitor: type[AddImportsVisitor]) -> str:
        context = _context()
        AddImportsVisitor.add_needed_import(context, *wanted)
        return visitor(context).transform_module(cst.parse_module(MODULE)).code

    assert added(AddImports) == added(AddImportsVisitor) != MODULE


@pytest.mark.parametrize(
    "module",
    [
        pytest.param("import os; import sys\nfrom sqlalchemy import func\n", id="two on a line"),
        pytest.param("x = 1\nfrom sqlalchemy import func\n", id="after a statement"),
        pytest.param('"""Doc."""\nfrom sqlalchemy import func\n', id="after a docstring"),
        pytest.param("__strict__ = True\nfrom sqlalchemy import func\n", id="after __strict__"),
    ],
)
def test_the_leading_imports_it_extends_are_libcsts(module: str) -> None:
    def added(visitor: type[AddImportsVisitor]) -> str:
        context = _context()
        AddImportsVisitor.add_needed_import(context, "sqlalchemy", "select")
        return visitor(context).transform_module(cst.parse_module(module)).code

    assert added(AddImports) == added(AddImportsVisitor)


@pytest.mark.parametrize(
    ("unwanted", "removed_any"),
    [
        pytest.param(("sqlalchemy.orm", "Query"), True, id="unused, in a class"),
        pytest.param(("sqlalchemy.orm", "joinedload"), True, id="unused, in a block"),
        pytest.param(("sqlalchemy.orm", "Session"), False, id="still used: kept"),
    ],
)
def test_removing_an_import_gives_what_libcst_gives(
    unwanted: tuple[str, str], removed_any: bool
) -> None:
    def removed(visitor: type[RemoveImportsVisitor]) -> str:
        context = _context()
        RemoveImportsVisitor.remove_unused_import(context, *unwanted)
        return visitor(context).transform_module(cst.parse_module(MODULE)).code

    assert removed(RemoveImports) == removed(RemoveImportsVisitor)
    assert (removed(RemoveImports) != MODULE) is removed_any
