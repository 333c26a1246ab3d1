"""Transformers without LibCST's matcher machinery give what LibCST's own give."""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m
import pytest
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor, _add_imports

from codemods.imports import AddImports, RemoveImports, _LeadingImportsGatherer
from codemods.plain_dispatch import PlainDispatch, PlainVisitor

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


_Request = tuple[str, str | None, str | None]
_SESSION: _Request = ("sqlalchemy.orm", "Session", None)


@pytest.mark.parametrize(
    ("module", "unwanted", "decided_by_text"),
    [
        pytest.param(
            "from sqlalchemy.orm import Session\nx = 1\n", _SESSION, True, id="spelled only there"
        ),
        pytest.param(
            "from sqlalchemy.orm import (\n    Query,  # the old API\n    Session,  # ours\n)\n",
            _SESSION,
            True,
            id="the last of several, with comments",
        ),
        pytest.param(
            "from sqlalchemy.orm import (  # orm\n    Session,  # gone\n    Query,\n)\nQuery\n",
            _SESSION,
            True,
            id="the first of several, with comments",
        ),
        pytest.param(
            "import os; from sqlalchemy.orm import Session\nos\n",
            _SESSION,
            True,
            id="on a shared line",
        ),
        pytest.param(
            "from sqlalchemy.orm import Session as S\nSession = 1\n",
            ("sqlalchemy.orm", "Session", "S"),
            True,
            id="under another name, the original name used",
        ),
        pytest.param(
            "from sqlalchemy.orm import Session as S\n",
            ("sqlalchemy.orm", "Session", "S"),
            True,
            id="under another name, unused",
        ),
        pytest.param(
            "import sqlalchemy.orm\n", ("sqlalchemy.orm", None, None), True, id="a module"
        ),
        pytest.param(
            "import sqlalchemy.orm\nimport sqlalchemy.sql\nsqlalchemy.sql.text\n",
            ("sqlalchemy.orm", None, None),
            False,
            id="a module whose root another one uses",
        ),
        pytest.param(
            "from . import Session\n", ("app", "Session", None), True, id="relative, bare"
        ),
        pytest.param(
            "from .db import Session\n", ("app.db", "Session", None), True, id="relative, a module"
        ),
        pytest.param(
            "from __future__ import annotations\n",
            ("__future__", "annotations", None),
            True,
            id="__future__ is never removed",
        ),
        pytest.param(
            "from sqlalchemy.orm import Session\n__all__ = ['Session']\n",
            _SESSION,
            False,
            id="exported",
        ),
        pytest.param(
            "from sqlalchemy.orm import Session\ndef f(db: 'Session'): ...\n",
            _SESSION,
            False,
            id="in a string annotation",
        ),
        pytest.param(
            "from sqlalchemy.orm import Session\n# Session is gone\n",
            _SESSION,
            False,
            id="spelled in a comment",
        ),
        pytest.param(
            "from sqlalchemy.orm import Session\n"
            "def f():\n"
            "    from sqlalchemy.orm import Session\n",
            _SESSION,
            False,
            id="also imported in a function",
        ),
        pytest.param(
            "if True:\n    from sqlalchemy.orm import Session\n", _SESSION, False, id="in a block"
        ),
        pytest.param("from sqlalchemy import select\n", _SESSION, True, id="not imported at all"),
        pytest.param(
            "from sqlalchemy.orm import Session\n__all__ = ['Sess' 'ion']\n",
            _SESSION,
            False,
            id="exported through an implicit concatenation",
        ),
        pytest.param(
            "from sqlalchemy.orm import Session\ndef f(db: '\\x53ession'): ...\n",
            _SESSION,
            False,
            id="in a string annotation, escaped",
        ),
        pytest.param(
            "from m import a\u00b7\nprint(a\u00b7)\n",
            ("m", "a\u00b7", None),
            False,
            id="a name that is not ASCII",
        ),
        pytest.param(
            "from sqlalchemy.orm import Session\nclass Session: ...\n",
            _SESSION,
            False,
            id="shadowed",
        ),
    ],
)
def test_removing_an_import_checked_by_text_gives_what_libcst_gives(
    module: str, unwanted: _Request, decided_by_text: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    def removed(visitor: type[RemoveImportsVisitor]) -> str:
        context = _context()
        RemoveImportsVisitor.remove_unused_import(context, *unwanted)
        return visitor(context).transform_module(cst.parse_module(module)).code

    libcsts, ours = removed(RemoveImportsVisitor), removed(RemoveImports)
    analysed: list[cst.Module] = []
    gather = RemoveImportsVisitor.visit_Module  # LibCST's scope analysis starts here

    def spy(self: RemoveImportsVisitor, node: cst.Module) -> None:
        analysed.append(node)
        gather(self, node)

    monkeypatch.setattr(RemoveImportsVisitor, "visit_Module", spy)
    assert removed(RemoveImports) == ours == libcsts
    assert (not analysed) is decided_by_text


def test_imports_found_in_one_file_are_not_taken_as_present_in_the_next() -> None:
    def added(visitor: type[AddImportsVisitor], module: str) -> str:
        context = _context()
        AddImportsVisitor.add_needed_import(context, "sqlalchemy", "select")
        return visitor(context).transform_module(cst.parse_module(module)).code

    having, lacking = "from sqlalchemy import select\n", "import os\n"
    for module in (having, lacking, having, lacking):
        assert added(AddImports, module) == added(AddImportsVisitor, module)
    assert "from sqlalchemy import select" in added(AddImports, lacking)


def test_libcsts_own_import_gatherer_is_back_in_place_after_an_addition() -> None:
    gatherer = _add_imports._GatherTopImportsBeforeStatements
    context = _context()
    AddImportsVisitor.add_needed_import(context, "asyncio")
    AddImports(context).transform_module(cst.parse_module(MODULE))
    assert _add_imports._GatherTopImportsBeforeStatements is gatherer


class _Records:
    """Hooks of every kind LibCST dispatches by name, each recording its call; `leave_Name`
    is the transformer's or the visitor's own."""

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        self.calls: list[str] = []

    def visit_Call_func(self, node: cst.Call) -> None:
        self.calls.append("visit_Call_func")

    def leave_Call_args(self, original_node: cst.Call) -> None:
        self.calls.append("leave_Call_args")

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        self.calls.append("visit_Lambda")
        return False  # its names are not visited


class _RecordsHooks(_Records, cst.CSTTransformer):
    def visit_Call(self, node: cst.Call) -> None:
        self.calls.append("visit_Call")

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        self.calls.append(f"leave_Name {original_node.value}")
        return updated_node.with_changes(value=updated_node.value.upper())


class _PlainHooks(_RecordsHooks, PlainDispatch):
    pass


def test_hooks_looked_up_once_per_class_are_called_as_libcst_calls_them() -> None:
    tree = cst.parse_module("f(a, key=lambda x: x)\ng(b)(c)\n")
    libcst, plain = _RecordsHooks(), _PlainHooks(_context())
    assert tree.visit(plain).code == tree.visit(libcst).code == "F(A, KEY=lambda x: x)\nG(B)(C)\n"
    assert plain.calls == libcst.calls
    assert plain.calls.count("visit_Call_func") == 3
    again = _PlainHooks(_context())
    tree.visit(again)
    assert again.calls == libcst.calls


class _RecordsVisits(_Records, cst.CSTVisitor):
    def leave_Name(self, original_node: cst.Name) -> None:
        self.calls.append(f"leave_Name {original_node.value}")


class _PlainVisits(_RecordsVisits, PlainVisitor):
    pass


def test_a_plain_visitor_calls_its_hooks_as_libcst_calls_them() -> None:
    tree = cst.parse_module("f(a, key=lambda x: x)\ng(b)(c)\n")
    libcst, plain = _RecordsVisits(), _PlainVisits()
    tree.visit(libcst)
    tree.visit(plain)
    assert plain.calls == libcst.calls
    assert "leave_Name x" not in plain.calls
    assert plain.calls.count("leave_Call_args") == 3


def test_a_gatherer_that_cannot_be_copied_is_built_the_usual_way(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What a LibCST whose gatherer has matcher decorators gets: each one built in full."""
    monkeypatch.setattr(_LeadingImportsGatherer, "_copied", False)

    def added(visitor: type[AddImportsVisitor]) -> str:
        context = _context()
        AddImportsVisitor.add_needed_import(context, "sqlalchemy.orm", "selectinload")
        return visitor(context).transform_module(cst.parse_module(MODULE)).code

    assert added(AddImports) == added(AddImportsVisitor) != MODULE
