"""The hook the tracking mixins (sessions, awaits, query plans) set themselves up in.

Transforms and audit rules call `setup_tracking()` once they hold their settings and
index; each mixin extends it cooperatively (`super().setup_tracking()`), so a class
gets every piece of state its mixins need without an `__init__` of its own.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

import libcst as cst
from libcst.metadata import FullyQualifiedNameProvider, QualifiedName

if TYPE_CHECKING:
    from codemods.index import ProjectIndex


class Tracking(cst.MetadataDependent):
    index: ProjectIndex

    def setup_tracking(self) -> None:
        """Extended by each mixin; the end of the chain does nothing."""

    def qualified_names(self, node: cst.CSTNode) -> set[str]:
        """What `node` names, fully qualified (for classes that ask for the provider)."""
        found: Collection[QualifiedName] = self.get_metadata(
            FullyQualifiedNameProvider, node, set()
        )
        return {q.name for q in found}

    def canonical_names(self, node: cst.CSTNode) -> set[str]:
        """`qualified_names`, followed through the project's re-exports to the definition."""
        return {self.index.symbols.canonical(name) for name in self.qualified_names(node)}
