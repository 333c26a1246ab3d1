"""The hook the tracking mixins (sessions, awaits, query plans) set themselves up in.

Transforms and audit rules call `setup_tracking()` once they hold their settings and
index; each mixin extends it cooperatively (`super().setup_tracking()`), so a class
gets every piece of state its mixins need without an `__init__` of its own.

Fully qualified names are resolved lazily, from the scope of the one node asked about:
LibCST's `FullyQualifiedNameProvider` names every node of the module up front (three
times the cost of the scope analysis it starts from), and a transform asks about a few
function definitions and calls.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import libcst as cst
from libcst.helpers.module import ModuleNameAndPackage
from libcst.metadata import QualifiedName, QualifiedNameSource, ScopeProvider

if TYPE_CHECKING:
    from codemods.index import ProjectIndex


class Tracking(cst.MetadataDependent):
    index: ProjectIndex
    relpath: str

    def setup_tracking(self) -> None:
        """Extended by each mixin; the end of the chain does nothing."""

    def qualified_names(self, node: cst.CSTNode) -> set[str]:
        """What `node` names, fully qualified: local names prefixed with their module,
        relative imports resolved against its package (what FullyQualifiedNameProvider
        gives). Needs `ScopeProvider`."""
        scope = self.get_metadata(ScopeProvider, node, None)
        if scope is None:
            return set()
        module = self.index.module_naming_of(self.relpath)
        found = (fully_qualified(q, module) for q in scope.get_qualified_names_for(node))
        return {q.name for q in found if q is not None}

    def canonical_names(self, node: cst.CSTNode) -> set[str]:
        """`qualified_names`, followed through the project's re-exports to the definition."""
        return {self.index.symbols.canonical(name) for name in self.qualified_names(node)}


def fully_qualified(name: QualifiedName, module: ModuleNameAndPackage) -> QualifiedName | None:
    """`name` as seen from anywhere; None for a relative import above the top package
    (which Python refuses at import time)."""
    if name.source is QualifiedNameSource.BUILTIN:
        return name
    if name.source is QualifiedNameSource.IMPORT and not name.name.startswith("."):
        return name
    dotted = name.name.lstrip(".")
    dots = len(name.name) - len(dotted)
    base = module.name
    if dots:
        # `.x` is x in the package, `..x` x in the package's parent (importlib's rule)
        parts = module.package.rsplit(".", dots - 1)
        if len(parts) < dots or not parts[0]:
            return None
        base = parts[0]
    return replace(name, name=f"{base}.{dotted}")
