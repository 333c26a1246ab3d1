"""How rewritten code may spell a SQLAlchemy name (`select`, `func`, `text`...) here.

As itself when the name is free or already SQLAlchemy's own; else as `sa_<name>`
(`from sqlalchemy import select as sa_select`); else not at all, and the rewrite is
refused. Decided with LibCST's `ScopeProvider` at the place the name will be used.
"""

from __future__ import annotations

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import ImportAssignment, ScopeProvider

from codemods.tracking import Tracking

# Where an already imported name may come from and still be the right one.
SQL_NAME_MODULES = frozenset(
    {"sqlalchemy", "sqlalchemy.sql", "sqlalchemy.sql.expression", "sqlalchemy.future", "sqlmodel"}
)


class SqlNameSpeller(Tracking):
    """Mixin for metadata-resolving visitors that depend on `ScopeProvider`."""

    def sql_spelling(self, node: cst.CSTNode, name: str) -> str | None:
        """`name` or `sa_<name>`, whichever means SQLAlchemy's `name` at `node`."""
        for spelling in (name, f"sa_{name}"):
            if not self._taken(node, spelling, name):
                return spelling
        return None

    def _taken(self, node: cst.CSTNode, spelling: str, name: str) -> bool:
        scope = self.get_metadata(ScopeProvider, node, None)
        if scope is None:
            return False
        return any(not _binds_sqlalchemy_name(a, spelling, name) for a in scope[spelling])


def _binds_sqlalchemy_name(assignment: object, spelling: str, name: str) -> bool:
    """Whether the binding is `from sqlalchemy import <name> [as <spelling>]`."""
    if not isinstance(assignment, ImportAssignment) or not isinstance(
        assignment.node, cst.ImportFrom
    ):
        return False
    node = assignment.node
    module = get_full_name_for_node(node.module) if node.module else ""
    if module not in SQL_NAME_MODULES or isinstance(node.names, cst.ImportStar):
        return False
    for alias in node.names:
        bound = alias.asname.name if alias.asname else alias.name
        if isinstance(bound, cst.Name) and bound.value == spelling:
            return get_full_name_for_node(alias.name) == name
    return False
