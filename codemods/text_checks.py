"""Cheap checks of a file's text that tell, before any parse, that a transform or rule
cannot apply.

Each check is a necessary condition: code the transform could change, or the rule
report, always passes it (passing proves nothing). A quick substring test turns most
files away; the rest are read as Python tokens (the `tokenize` module), so comments,
line continuations and brackets between two tokens are seen as Python sees them. Text
that does not tokenize passes, as does an f-string that holds the name (its code is
inside one string token before Python 3.12).
"""

from __future__ import annotations

import io
import tokenize
from collections.abc import Callable, Collection, Sequence
from functools import lru_cache

_LAYOUT = frozenset(
    {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}
)
_F_PREFIXES = frozenset("fF")


def get_on_a_call(source: str) -> bool:
    """`<call>.get(`: a `.get()` on the result of a call, as in `db.query(X).get(pk)`."""

    def called_on_a_call(tokens: Sequence[tokenize.TokenInfo], i: int) -> bool:
        return _follows(tokens, i, ")", ".") and _called(tokens, i)

    return _any_window(source, ("get",), called_on_a_call)


def method_called(source: str, name: str) -> bool:
    """`.name(`: a method of that name called on something (`db.query(X)`)."""

    def called(tokens: Sequence[tokenize.TokenInfo], i: int) -> bool:
        return _follows(tokens, i, ".") and _called(tokens, i)

    return _any_window(source, (name,), called)


def attribute_named(source: str, names: Collection[str]) -> bool:
    """`.name` for any of `names`: an attribute read, or a method called on something."""
    return _any_window(source, names, lambda tokens, i: _follows(tokens, i, "."))


def called_or_renamed(source: str, names: Collection[str]) -> bool:
    """`name(...)` for any of `names`, also `(name)(...)`; or `name as other` (imported
    under another name, which the code then calls)."""

    def called_or_as(tokens: Sequence[tokenize.TokenInfo], i: int) -> bool:
        return _called(tokens, i) or _at(tokens, i + 1, "as")

    return _any_window(source, names, called_or_as)


def defines(source: str, names: Collection[str]) -> bool:
    """`def name` for any of `names` (a function, a method, a nested or fallback one).
    Passes text that is not ASCII: Python reads an identifier in its NFKC form."""
    if not source.isascii():
        return True
    return _any_window(source, names, lambda tokens, i: _follows(tokens, i, "def"))


def _any_window(
    source: str,
    names: Collection[str],
    matches: Callable[[Sequence[tokenize.TokenInfo], int], bool],
) -> bool:
    if not any(name in source for name in names):
        return False
    tokens = _tokens(source)
    if tokens is None:
        return True
    wanted = set(names)
    for i, token in enumerate(tokens):
        if token.type == tokenize.NAME and token.string in wanted and matches(tokens, i):
            return True
        if token.type == tokenize.STRING and _f_string_naming(token.string, wanted):
            return True
    return False


def _called(tokens: Sequence[tokenize.TokenInfo], i: int) -> bool:
    """Whether the `i`th token is called: `(` follows it, or follows the brackets it
    closes (`(db.query(X).get)(pk)`)."""
    j = i + 1
    while _at(tokens, j, ")"):
        j += 1
    return _at(tokens, j, "(")


def _follows(tokens: Sequence[tokenize.TokenInfo], i: int, *before: str) -> bool:
    """Whether the tokens right before the `i`th are `before`, in order."""
    start = i - len(before)
    return start >= 0 and all(_at(tokens, start + k, text) for k, text in enumerate(before))


def _at(tokens: Sequence[tokenize.TokenInfo], i: int, text: str) -> bool:
    return 0 <= i < len(tokens) and tokens[i].string == text


def _f_string_naming(token: str, names: Collection[str]) -> bool:
    """An f-string token (its code is inside it before Python 3.12) naming one of `names`."""
    prefix = token[: len(token) - len(token.lstrip("rRbBuUfF"))]
    return bool(_F_PREFIXES & set(prefix)) and any(name in token for name in names)


@lru_cache(maxsize=8)
def _tokens(source: str) -> tuple[tokenize.TokenInfo, ...] | None:
    """The tokens of `source` that are code (no comments, no line layout); None when it
    does not tokenize."""
    try:
        found = tokenize.generate_tokens(io.StringIO(source).readline)
        return tuple(token for token in found if token.type not in _LAYOUT)
    except (tokenize.TokenError, SyntaxError):
        return None
