"""LibCST's import visitors, run the way our transforms are (`plain_dispatch.py`).

`VisitorBasedCodemodCommand` runs `AddImportsVisitor` and `RemoveImportsVisitor` after
every transform that asked for an import; `Transform` runs these subclasses instead. The
adding one reads no metadata, so it also skips the copy of the tree that a metadata
wrapper makes, and walks only the module's top-level statements and, to find the imports
it may extend, its leading import lines.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import libcst as cst
from libcst.codemod import Codemod
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor

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
        # (after a docstring): its walk of the whole module is spared.
        super().visit_Module(node.with_changes(body=_leading_imports(node.body)))

    @contextmanager
    def _handle_metadata_reference(self, module: cst.Module) -> Iterator[cst.Module]:
        yield module  # it resolves no metadata: no wrapper, no copy


class RemoveImports(RemoveImportsVisitor, PlainDispatch):
    pass


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
