"""Findings and the catalogue of rule codes (DESIGN.md, "The audit")."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RuleInfo:
    code: str
    name: str
    summary: str


CATALOGUE: tuple[RuleInfo, ...] = (
    RuleInfo("SQA001", "legacy-query", "`session.query(...)`: the legacy Query API"),
    RuleInfo("SQA002", "sync-session-dependency", "`Session` annotation or `Depends(get_db)`"),
    RuleInfo(
        "SQA003", "sync-session-factory", "`SessionLocal()` called outside the session module"
    ),
    RuleInfo("SQA004", "missing-await", "an AsyncSession coroutine method called without `await`"),
    RuleInfo("SQA005", "sync-path-operation", "a `def` path operation or dependency doing DB I/O"),
    RuleInfo("SQA006", "sync-helper-call", "a sync DB helper called from async code"),
    RuleInfo("SQA007", "lazy-load", "a relationship read that would lazy-load under asyncio"),
    RuleInfo(
        "SQA008", "expire-on-commit", "an async session factory without expire_on_commit=False"
    ),
)
RULE_NAMES = {info.code: info.name for info in CATALOGUE}


@dataclass(frozen=True)
class Finding:
    rule: str
    path: str
    line: int
    column: int
    message: str
    fixable: bool
    allowed: bool = False
    reason: str = ""
    function: str = ""  # the enclosing function, qualified; "" at module level
    detail: str = ""  # why `migrate` could not fix it, when it could not

    @property
    def name(self) -> str:
        return RULE_NAMES[self.rule]

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.rule)
