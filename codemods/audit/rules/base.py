"""The base of every audit rule: a read-only LibCST visitor that collects findings."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from typing import ClassVar

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider, ProviderT

from codemods.audit.findings import RULE_NAMES, Finding
from codemods.index import ProjectIndex
from codemods.plain_dispatch import PlainVisitor
from codemods.settings import Settings
from codemods.tracking import Tracking


class Rule(Tracking, PlainVisitor):
    CODE: ClassVar[str]
    # Positions are resolved at the first finding, not declared here: most files an audit
    # reads have none, and resolving them is a codegen of the whole module.
    METADATA_DEPENDENCIES: ClassVar[Collection[ProviderT]] = ()

    def __init__(self, settings: Settings, index: ProjectIndex, relpath: str) -> None:
        super().__init__()
        self.settings = settings
        self.index = index
        self.relpath = relpath
        self.findings: list[Finding] = []
        # Query builders and receivers a use here needs left as they are (see the runner).
        self.disproved: set[str] = set()
        self.setup_tracking()
        # The tree and metadata this rule visits (the engine's), for positions on demand.
        self.wrapper: MetadataWrapper | None = None
        # The text visited, when it is not the file the index read (a migration's output).
        self.rewritten: str | None = None

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if getattr(cls, "CODE", None) is not None and cls.CODE not in RULE_NAMES:
            raise TypeError(f"{cls.__name__}: unknown rule code {cls.CODE}")

    @classmethod
    def wanted(cls, source: str, settings: Settings, index: ProjectIndex) -> bool:
        """A cheap, conservative text check: False only when the rule cannot fire."""
        return True

    @classmethod
    def applies(cls, source: str, relpath: str, settings: Settings, index: ProjectIndex) -> bool:
        """Whether the rule may fire in the file at `relpath` (`wanted`, by default)."""
        return cls.wanted(source, settings, index)

    def report(
        self,
        node: cst.CSTNode,
        message: str,
        *,
        fixable: bool,
        function: str = "",
        detail: str = "",
    ) -> None:
        start = self.position(node).start
        line, column = start.line, start.column + 1
        finding = Finding(self.CODE, self.relpath, line, column, message, fixable)
        self.findings.append(replace(finding, function=function, detail=detail))

    def position(self, node: cst.CSTNode) -> CodeRange:
        """Where `node` is in the file (`node` from the tree this rule visits)."""
        if PositionProvider in self.metadata:
            return self.get_metadata(PositionProvider, node)
        if self.wrapper is None:
            raise ValueError(f"{self.CODE}: positions need the wrapper the rule visits")
        return self.wrapper.resolve(PositionProvider)[node]
