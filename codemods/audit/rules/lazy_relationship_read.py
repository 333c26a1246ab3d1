"""SQA007 lazy-load: a relationship read in code that becomes a coroutine.

Sync, reading a relationship that is not loaded yet loads it. Under asyncio the same read
raises `MissingGreenlet`: the load would block the event loop. `migrate` reads it through
the session (`(await db.run_sync(lambda _: campaign.contacts))`, the same load at the
same point) wherever the function has a session and the read is not inside a lambda or a
generator expression; the rest are reported here. By hand: load it eagerly with the
query (`options(selectinload(Campaign.contacts))`), or read it before the lambda, or
hand the function the session.
"""

from __future__ import annotations

import ast
from typing import ClassVar

import libcst as cst
from libcst.metadata import (
    ExpressionContextProvider,
    ProviderT,
    ScopeProvider,
)

from codemods.audit.rules.base import Rule
from codemods.index import ProjectIndex
from codemods.relationship_reads import RelationshipReadTracker
from codemods.settings import Settings
from codemods.text_checks import attribute_named, defines

_CODE = cst.Module([])


class LazyRelationshipRead(RelationshipReadTracker, Rule):
    CODE = "SQA007"
    METADATA_DEPENDENCIES: ClassVar[tuple[ProviderT, ...]] = (
        ExpressionContextProvider,
        ScopeProvider,
    )

    @classmethod
    def wanted(cls, source: str, settings: Settings, index: ProjectIndex) -> bool:
        return (
            bool(index.lazy_relationships)
            and bool(index.async_plan.becomes_async)
            and attribute_named(source, index.lazy_relationships)
        )

    @classmethod
    def applies(cls, source: str, relpath: str, settings: Settings, index: ProjectIndex) -> bool:
        # It judges reads in functions the run converts. A file the index finds none in
        # may still define a function under the name of one it imports, and a converted
        # one: the traversal takes it for that (`except ImportError: def get_user`).
        if not cls.wanted(source, settings, index):
            return False
        if relpath in index.converted_files:
            return True
        names = index.converted_short_names
        return defines(source, names) and _defines_an_imported_name(source, names)

    def leave_Attribute(self, original_node: cst.Attribute) -> None:
        read = self.relationship_read(original_node)
        if read is None:
            return
        code = _CODE.code_for_node(original_node)
        message = f"`{code}` lazy-loads under asyncio (MissingGreenlet) unless already loaded"
        fixable = read.session is not None or read.opened
        if not fixable:
            message += (
                f" ({read.reason}): load it with the query (`selectinload`), or read it"
                " through `await <session>.run_sync(...)`"
            )
        self.report(original_node, message, fixable=fixable, detail="" if fixable else read.reason)


def _defines_an_imported_name(source: str, names: frozenset[str]) -> bool:
    """Whether a function of the module is defined under one of `names` that an import
    of the module also binds (stdlib `ast`; source that does not parse passes)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return True
    nodes = list(ast.walk(tree))
    defined = {n.name for n in nodes if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}
    imported = {
        alias.asname or alias.name.split(".")[0]
        for n in nodes
        if isinstance(n, ast.Import | ast.ImportFrom)
        for alias in n.names
    }
    return not defined.isdisjoint(names & imported)
