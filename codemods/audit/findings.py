"""Findings and the catalogue of rule codes (DESIGN.md, "The audit")."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RuleInfo:
    code: str
    name: str
    summary: str
    fix: str  # the suggested fix, as reports print it under each finding


CATALOGUE: tuple[RuleInfo, ...] = (
    RuleInfo(
        "SQA000",
        "invalid-allow",
        "an allow pragma or `allow` entry without a reason, or naming no known rule",
        "give it a reason and a rule `sqla-async rules` lists:"
        " `# sqla-async: allow[SQA003] <reason>`",
    ),
    RuleInfo(
        "SQA001",
        "legacy-query",
        "`session.query(...)`: the legacy Query API",
        "`sqla-async migrate` rewrites it to `select()` run with `await session.execute(...)`;"
        " where it cannot (the message says why), write the `select()` by hand",
    ),
    RuleInfo(
        "SQA002",
        "sync-session-dependency",
        "`Session` annotation or `Depends(get_db)`",
        "`sqla-async migrate` swaps it for `AsyncSession` and"
        " `Depends(get_async_db)` together with the function's coroutine",
    ),
    RuleInfo(
        "SQA003",
        "sync-session-factory",
        "`SessionLocal()` called outside the session module",
        "`sqla-async migrate` opens `async with AsyncSessionLocal() as s:`"
        " instead, keeping the separate session and transaction",
    ),
    RuleInfo(
        "SQA004",
        "missing-await",
        "an AsyncSession coroutine method called without `await`",
        "await it (`sqla-async migrate` does, directly inside an `async def`)",
    ),
    RuleInfo(
        "SQA005",
        "sync-path-operation",
        "a `def` path operation, dependency or background task doing DB I/O",
        "`sqla-async migrate` makes it an `async def` on an AsyncSession,"
        " with everything it calls; where the plan keeps it sync, remove what it names",
    ),
    RuleInfo(
        "SQA006",
        "sync-helper-call",
        "a sync DB helper called from async code",
        "`sqla-async migrate` makes the helper a coroutine and awaits it;"
        " a helper that must stay sync goes through `await session.run_sync(helper, ...)`",
    ),
    RuleInfo(
        "SQA007",
        "lazy-load",
        "a relationship read that would lazy-load under asyncio",
        "load it with the query (`options(selectinload(Model.relationship))`) or read it"
        ' through `await session.run_sync(...)`; `lazy="dynamic"` becomes'
        ' `lazy="write_only"`',
    ),
    RuleInfo(
        "SQA008",
        "expire-on-commit",
        "an async session factory without expire_on_commit=False",
        "pass `expire_on_commit=False`, and refresh what must be re-read after a commit",
    ),
)
RULE_NAMES = {info.code: info.name for info in CATALOGUE}
# The codes of the rules in the registry (`audit/rules/__init__.py`, which a test holds
# to this), without importing it: SQA000 is the allowlist's own.
RULE_CODES = tuple(code for code in RULE_NAMES if code != "SQA000")
RULE_FIXES = {info.code: info.fix for info in CATALOGUE}


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
