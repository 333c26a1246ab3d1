"""What a run hands back: the report the CLI prints and turns into an exit code.

Plain data that imports nothing of the engine (LibCST, black, the rules), so that a cached
audit (`cache.py`) can hand one back without loading any of it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from codemods.audit.findings import Finding
from codemods.audit.report import AuditStatistics
from codemods.workspace import FileError

if TYPE_CHECKING:
    from codemods.async_report import PendingAwait

Mode = Literal["diff", "apply", "check", "audit"]


@dataclass(frozen=True)
class FileDiff:
    relpath: str
    text: str
    encoding: str


@dataclass
class RunReport:
    mode: Mode
    scanned: int = 0
    changed: list[str] = field(default_factory=list)
    diffs: list[FileDiff] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    findings: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    # With the async target: project functions that stay sync, and why.
    kept_sync: Mapping[str, str] = field(default_factory=dict)
    became_async: int = 0  # functions turned into coroutines
    deepest_chain: list[str] = field(default_factory=list)  # of calls that became async
    # Calls in files not migrated in this run to functions it made coroutines.
    pending_awaits: list[PendingAwait] = field(default_factory=list)
    # Tests and fixtures made async, and what the project must add to run them.
    async_tests: int = 0
    test_advice: list[str] = field(default_factory=list)
    statistics: AuditStatistics = field(default_factory=AuditStatistics)  # audit mode
    rules_checked: tuple[str, ...] = ()  # audit mode: the codes of the rules that ran

    @property
    def exit_code(self) -> int:
        if self.errors:
            return 2
        if self.mode == "check" and self.changed:
            return 1
        if self.mode == "audit" and any(not f.allowed for f in self.findings):
            return 1
        return 0
