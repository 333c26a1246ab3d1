"""LibCST's import visitors, run the way our transforms are (`plain_dispatch.py`).

`VisitorBasedCodemodCommand` runs `AddImportsVisitor` and `RemoveImportsVisitor` after
every transform that asked for an import; `Transform` runs these subclasses instead. The
adding one reads no metadata, so it also skips the copy of the tree that a metadata
wrapper makes, and walks only the module's top-level statements and, to find the imports
it may extend, its leading import lines.
"""

from __future__ import annotations

import ast
import copy
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, ClassVar, cast

import libcst as cst
from libcst.codemod import Codemod, CodemodContext
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor, _add_imports

from codemods.plain_dispatch import PlainDispatch


class AddImports(AddImportsVisitor, PlainDispatch):
    def on_visit(self, node: cst.CSTNode) -> bool:
        # It changes only the module's top-level imports (the ones before any other
        # statement): the bodies of functions, classes and other blocks are not walked.
        if isinstance(node, cst.BaseCompoundStatement):
            return False
        return super().on_visit(node)

    def visit_Module(self, node: cst.Module) -> None:
        # LibCST's gathers the imports it may extend, which are the leading import lines
        # (after a docstring): its walk of the whole module is spared, and its gatherer
        # is built without its matcher set-up.
        leading = node.with_changes(body=_leading_imports(node.body))
        if _LIBCST_GATHERER is None:  # a LibCST that gathers them otherwise
            super().visit_Module(leading)
            return
        _add_imports._GatherTopImportsBeforeStatements = _LeadingImportsGatherer  # type: ignore[misc]
        try:
            super().visit_Module(leading)
        finally:
            _add_imports._GatherTopImportsBeforeStatements = _LIBCST_GATHERER  # type: ignore[misc]

    @contextmanager
    def _handle_metadata_reference(self, module: cst.Module) -> Iterator[cst.Module]:
        yield module  # it resolves no metadata: no wrapper, no copy


# LibCST's (private) gatherer of the imports `AddImportsVisitor` may extend.
_LIBCST_GATHERER: Any = getattr(_add_imports, "_GatherTopImportsBeforeStatements", None)


class _LeadingImportsGatherer(_LIBCST_GATHERER or cst.CSTVisitor):  # type: ignore[misc]
    """LibCST's gatherer of a module's leading imports, each instance but the first
    built as a copy of the first one's starting state.

    Building it the usual way (it is a `MatcherDecoratableVisitor`) inspects every member
    of its class for matcher decorators, about 7 ms, once for every transform that adds
    an import to a file. The class has none, so every instance starts the same; should a
    later LibCST give it matchers, each is built the usual way again.
    """

    _start: ClassVar[dict[str, Any] | None] = None
    _copied: ClassVar[bool] = True

    def __init__(self, context: CodemodContext) -> None:
        cls = _LeadingImportsGatherer
        if cls._start is None or not cls._copied:
            super().__init__(context)
            if cls._start is None:
                cls._copied = not (
                    self._matchers or self._extra_visit_funcs or self._extra_leave_funcs
                )
                state = {name: value for name, value in vars(self).items() if name != "context"}
                cls._start = copy.deepcopy(state)
            return
        self.__dict__.update(copy.deepcopy(cls._start))
        self.context = context


class RemoveImports(RemoveImportsVisitor, PlainDispatch):
    """LibCST's, with a text check before its scope analysis (its own scope and
    qualified-name pass over the whole module, and three walks).

    A reference to an import spells its name, and so does a string annotation or an
    `__all__` entry naming it, unless an escape or an implicit concatenation hides it
    (`"Sess" "ion"`). So an import whose name appears nowhere but on the module's
    top-level import lines, and in no string's value, is unused; and a name that appears
    nowhere is not imported. When each requested import is one of these, the removal
    needs no metadata and walks only the top-level statements; otherwise (and for a name
    that is not ASCII, where a regex's word boundary is not Python's) LibCST decides, as
    it would have.
    """

    _decided: bool = False  # the unused imports came from the text check

    def transform_module(self, tree: cst.Module) -> cst.Module:
        unused = _spelled_only_in_imports(tree, self._requested_names())
        if unused is None:
            return super().transform_module(tree)
        if not unused:
            return tree
        self._unused_imports, self._decided = unused, True
        return tree.visit(self)

    def _requested_names(self) -> set[str]:
        """The names the requested imports bind (`import a.b` binds `a`)."""
        names = {
            alias or module.split(".")[0] for module, alias in self.unused_module_imports.items()
        }
        for objects in self.unused_obj_imports.values():
            names |= {alias or obj for obj, alias in objects}
        return names

    def visit_Module(self, node: cst.Module) -> None:
        if not self._decided:
            super().visit_Module(node)

    def on_visit(self, node: cst.CSTNode) -> bool:
        if self._decided and isinstance(node, cst.BaseCompoundStatement):
            return False
        return super().on_visit(node)


def _spelled_only_in_imports(
    tree: cst.Module, names: set[str]
) -> dict[cst.ImportAlias, cst.Import | cst.ImportFrom] | None:
    """The top-level imports of `names`, each spelled nowhere but on top-level import
    lines (unused, as LibCST's scope analysis would find); None when a name is spelled
    anywhere else, where only that analysis can tell."""
    if not all(name.isascii() for name in names):
        return None
    lines = [statement for statement in tree.body if _is_import_line(statement)]
    code, import_code = tree.code, "\n".join(tree.code_for_node(line) for line in lines)
    words = [re.compile(rf"\b{re.escape(name)}\b") for name in names]
    if any(len(word.findall(code)) != len(word.findall(import_code)) for word in words):
        return None
    if words and _in_a_string_value(code, words):
        return None
    return {
        alias: statement
        for line in lines
        for statement in cast("Sequence[cst.Import | cst.ImportFrom]", line.body)
        for alias in _gathered_aliases(statement)
        if _bound_name(alias) in names
    }


def _in_a_string_value(code: str, words: Sequence[re.Pattern[str]]) -> bool:
    """Whether a string of `code`, evaluated, holds one of `words` (True when `code`
    does not parse: then LibCST decides)."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return True
    return any(
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and any(word.search(node.value) for word in words)
        for node in ast.walk(tree)
    )


def _is_import_line(statement: cst.CSTNode) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and all(
        isinstance(small, cst.Import | cst.ImportFrom) for small in statement.body
    )


def _gathered_aliases(statement: cst.Import | cst.ImportFrom) -> Sequence[cst.ImportAlias]:
    """The aliases LibCST's unused-import gathering considers: not a star import, a
    relative import of a package itself (`from . import x`) or a `__future__` one."""
    if isinstance(statement, cst.Import):
        return statement.names
    names, module = statement.names, statement.module
    if isinstance(names, cst.ImportStar) or module is None or _is_future(module):
        return ()
    return names


def _is_future(module: cst.Attribute | cst.Name) -> bool:
    return isinstance(module, cst.Name) and module.value == "__future__"


def _bound_name(alias: cst.ImportAlias) -> str:
    return alias.evaluated_alias or alias.evaluated_name.split(".")[0]


def _leading_imports(
    body: Sequence[cst.SimpleStatementLine | cst.BaseCompoundStatement],
) -> list[cst.SimpleStatementLine | cst.BaseCompoundStatement]:
    """The first statement (it may be a docstring) and the import lines right after it."""
    leading = list(body[:1])
    for statement in body[1:]:
        if not (
            isinstance(statement, cst.SimpleStatementLine)
            and isinstance(statement.body[0], cst.Import | cst.ImportFrom)
        ):
            break
        leading.append(statement)
    return leading


IMPORT_VISITORS: dict[type[Codemod], type[Codemod]] = {
    AddImportsVisitor: AddImports,
    RemoveImportsVisitor: RemoveImports,
}
