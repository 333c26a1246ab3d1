"""The audit rules, one per file, in the order their findings are produced."""

from __future__ import annotations

from codemods.audit.rules.base import Rule
from codemods.audit.rules.legacy_query import LegacyQuery
from codemods.audit.rules.missing_await import MissingAwait

RULES: tuple[type[Rule], ...] = (
    LegacyQuery,
    MissingAwait,
)

__all__ = ["RULES", "Rule"]
