"""What the engine gives for a file: a migration, an audit, or why the file was left as
it was. Apart from the engine, so that a process that only hands files to workers and
collects their results (the runner's, with a pool) need not import LibCST and black."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from codemods.audit.findings import Finding

ErrorKind = Literal["syntax", "unsupported", "internal"]


@dataclass(frozen=True)
class SourceError:
    """Why a file was left untouched, with the position to point the user at."""

    kind: ErrorKind
    message: str
    line: int = 1
    column: int = 1


@dataclass(frozen=True)
class MigrationResult:
    code: str
    changed: bool
    counts: Mapping[str, int] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()
    # Query builders this file needs to keep returning a Query (see `queries/plan.py`).
    disproved: frozenset[str] = frozenset()


@dataclass(frozen=True)
class AuditResult:
    findings: tuple[Finding, ...] = ()
    # Query builders and receivers a use in this file needs left as they are.
    disproved: frozenset[str] = frozenset()
