"""Cheap text checks that tell, before any parse, that a transform or rule cannot apply.

Each pattern is a necessary condition: code the transform could change, or the rule
report, always matches it (a match proves nothing). Between two tokens Python allows
whitespace, a line continuation, and inside brackets newlines and comments: `GAP` allows
all of them, so `db.query(User)  # by id` on one line and `.get(1)` on the next match.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache

# A comment ends at its newline, so no text splits into gaps in two ways (no backtracking
# blow-up on a line of many `#`).
GAP = r"(?:\s|\\|#[^\n]*\n)*"
# `<call>.get(`: a `.get()` on the result of a call, as in `db.query(X).get(pk)`.
GET_ON_A_CALL = re.compile(rf"\){GAP}\.{GAP}get{GAP}\(")


@lru_cache(maxsize=64)
def attribute_named(names: frozenset[str]) -> re.Pattern[str]:
    """`.name` for any of `names`: an attribute read or a method called on something."""
    return re.compile(rf"\.{GAP}(?:{_alternatives(names)})\b")


@lru_cache(maxsize=64)
def called_or_renamed(names: frozenset[str]) -> re.Pattern[str]:
    """`name(` for any of `names`, or `name as` (imported under another name, which the
    code then calls)."""
    alternatives = _alternatives(names)
    return re.compile(rf"\b(?:{alternatives}){GAP}\(|\b(?:{alternatives})\s+as\b")


def _alternatives(names: Collection[str]) -> str:
    if not names:
        raise ValueError("a text check needs at least one name")
    return "|".join(re.escape(name) for name in sorted(names))
