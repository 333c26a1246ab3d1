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
        # may still define one under a converted function's name, which the traversal
        # takes for it: a fallback for an import (`except ImportError: def get_user`).
        if not cls.wanted(source, settings, index):
            return False
        return relpath in index.converted_files or defines(source, index.converted_short_names)

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
