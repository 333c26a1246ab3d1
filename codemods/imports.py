"""LibCST's import visitors, run the way our transforms are (`plain_dispatch.py`).

`VisitorBasedCodemodCommand` runs `AddImportsVisitor` and `RemoveImportsVisitor` after
every transform that asked for an import; `Transform` runs these subclasses instead. The
adding one reads no metadata, so it also skips the copy of the tree that a metadata
wrapper makes, and walks only the module's top-level statements.
"""

from __future__ import annotations

from collections.abc import Iterator
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

    @contextmanager
    def _handle_metadata_reference(self, module: cst.Module) -> Iterator[cst.Module]:
        yield module  # it resolves no metadata: no wrapper, no copy


class RemoveImports(RemoveImportsVisitor, PlainDispatch):
    pass


IMPORT_VISITORS: dict[type[Codemod], type[Codemod]] = {
    AddImportsVisitor: AddImports,
    RemoveImportsVisitor: RemoveImports,
}
