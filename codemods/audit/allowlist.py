"""Allowed exceptions: findings a person has decided to keep, each with a reason.

A pragma is a comment, read from COMMENT tokens only (a `#` in a string is not one):

    users = db.query(User).all()  # sqla-async: allow[SQA001] reporting job, stays sync

    # sqla-async: allow[SQA001,SQA003] one-off maintenance script
    users = SessionLocal().query(User).all()

At the end of a line it covers that line. Alone on its line it covers the next statement
(the next line with code, skipping blank and comment lines, to the end of that logical
line: all the lines of a call black split; for `def`/`with`/`if` only the header, not the
body). Codes are written as in the catalogue (`SQA003`, not `sqa003`; the case of
`sqla-async: allow` does not matter), separated by commas or spaces; the reason runs to
the end of the comment (or to a following ` # ` comment). In pyproject.toml, the same
exception for every file a glob matches (`*` stays within a folder, `**/` spans any
number of them, anchored at the project root):

    [[tool.sqla-async.allow]]
    path = "app/scripts/*.py"
    rule = "SQA003"
    reason = "one-off maintenance scripts stay sync"

A pragma or entry without a reason, or naming no known rule, allows nothing and is
itself reported, as SQA000 invalid-allow (`INVALID_ALLOW_RULE`).
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from codemods.audit.findings import RULE_NAMES, Finding
from codemods.settings import AllowEntry, Settings

# Reported for `allow[SQA999]` or `rule = "legacy-query"`. It must be in the catalogue
# before this module is wired in: `Finding.name` and the renderers look codes up there.
INVALID_ALLOW_RULE = "SQA000"
PYPROJECT = "pyproject.toml"
PRAGMA = re.compile(r"#\s*sqla-async\s*:\s*allow\s*\[(?P<codes>[^\]]*)\](?P<reason>.*)", re.I)
# Where the reason ends: another comment after it on the line, such as a noqa.
NEXT_COMMENT = re.compile(r"\s#\s")
ALLOW_HEADER = re.compile(r'^[ \t]*\[\[\s*tool\s*\.\s*"?sqla-async"?\s*\.\s*allow\s*\]\]', re.M)
GLOB_PART = re.compile(r"(\*\*/|\*\*|\*|\?|\[!?[^\]/]+\])")
GLOB_REGEX = {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}
ENDS = {tokenize.NEWLINE, tokenize.ENDMARKER}
NOT_CODE = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}


@dataclass(frozen=True)
class Pragma:
    path: str
    line: int
    column: int
    codes: tuple[str, ...]
    reason: str
    covers: range  # the lines whose findings it allows


def apply_allowlist(
    findings: Sequence[Finding], sources: Mapping[str, str], settings: Settings
) -> list[Finding]:
    """`findings` in order, those a pragma or `allow` entry covers marked allowed with its
    reason; then, sorted, a finding for every pragma or entry that allows nothing.

    `sources` maps a path to the text the findings' positions refer to; give every audited
    file, also those without findings, so that their reasonless pragmas are reported.
    """
    pragmas = {path: read_pragmas(path, text) for path, text in sources.items()}
    marked = [_allow(f, pragmas.get(f.path, []), settings.allow) for f in findings]
    problems = [p for found in pragmas.values() for pragma in found for p in _check(pragma)]
    problems += _check_entries(settings.allow, sources.get(PYPROJECT, ""))
    return marked + sorted(problems, key=Finding.sort_key)


def read_pragmas(path: str, source: str) -> list[Pragma]:
    """The pragmas in a Python file; none in other files or when it does not tokenize."""
    if not path.endswith((".py", ".pyi")) or "sqla-async" not in source.lower():
        return []
    tokens = _tokens(source.removeprefix("\ufeff"))
    found = (_pragma(path, tokens, i) for i, t in enumerate(tokens) if t.type == tokenize.COMMENT)
    return [pragma for pragma in found if pragma is not None]


def path_matches(path: str, glob: str) -> bool:
    """Match a posix path relative to the project root against an `allow` entry's glob."""
    return _glob_regex(glob).fullmatch(path) is not None


def _tokens(source: str) -> list[tokenize.TokenInfo]:
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return []
    # Before 3.12 an unterminated string is an ERRORTOKEN and its `#` a COMMENT.
    return [] if any(t.type == tokenize.ERRORTOKEN for t in tokens) else tokens


def _pragma(path: str, tokens: list[tokenize.TokenInfo], index: int) -> Pragma | None:
    token = tokens[index]
    match = PRAGMA.search(token.string)
    if match is None:
        return None
    line, column = token.start
    alone = not token.line[:column].strip()
    covers = _next_statement(tokens, index) if alone else range(line, line + 1)
    reason = NEXT_COMMENT.split(match["reason"], maxsplit=1)[0].strip(" \t:-")
    return Pragma(path, line, column + match.start() + 1, _codes(match["codes"]), reason, covers)


def _codes(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(code for code in re.split(r"[\s,]+", text) if code))


def _next_statement(tokens: list[tokenize.TokenInfo], index: int) -> range:
    """The lines from the next token of code to the end of its logical line."""
    rest = tokens[index + 1 :]
    start = next((t for t in rest if t.type not in NOT_CODE), None)
    if start is None or start.type == tokenize.ENDMARKER:
        return range(0)
    end = next((t for t in rest if t.type in ENDS and t.start >= start.start), start)
    return range(start.start[0], end.start[0] + 1)


def _allow(finding: Finding, pragmas: list[Pragma], entries: Sequence[AllowEntry]) -> Finding:
    """A pragma is the more specific exception, so its reason wins over an entry's."""
    if finding.allowed:
        return finding
    reasons = [p.reason for p in pragmas if finding.line in p.covers and finding.rule in p.codes]
    reasons += [
        e.reason for e in entries if e.rule == finding.rule and path_matches(finding.path, e.path)
    ]
    reason = next((r for r in reasons if r), "")
    return replace(finding, allowed=True, reason=reason) if reason else finding


def _check(pragma: Pragma) -> list[Finding]:
    """What makes a pragma allow nothing: no rule, an unknown rule, no reason."""
    where = (pragma.path, pragma.line, pragma.column)
    if not pragma.codes:
        example = "`# sqla-async: allow[SQA003] <reason>`"
        return [_problem(INVALID_ALLOW_RULE, *where, f"`allow[]` names no rule: {example}")]
    problems = []
    for code in pragma.codes:
        if code not in RULE_NAMES:
            problems.append(
                _problem(INVALID_ALLOW_RULE, *where, _unknown(f"`allow[{code}]`", code))
            )
        elif not pragma.reason:
            example = f"`# sqla-async: allow[{code}] <reason>`"
            reasonless = _reasonless(f"`allow[{code}]`", example)
            problems.append(_problem(INVALID_ALLOW_RULE, *where, reasonless))
    return problems


def _check_entries(entries: Sequence[AllowEntry], pyproject: str) -> list[Finding]:
    lines = _entry_lines(pyproject, len(entries))
    problems = []
    for entry, line in zip(entries, lines, strict=True):
        allow = f"`[[tool.sqla-async.allow]]` for {entry.rule} on `{entry.path}`"
        if entry.rule not in RULE_NAMES:
            message = _unknown(allow, entry.rule)
            problems.append(_problem(INVALID_ALLOW_RULE, PYPROJECT, line, 1, message))
        elif not entry.reason:
            message = _reasonless(allow, '`reason = "..."`')
            problems.append(_problem(INVALID_ALLOW_RULE, PYPROJECT, line, 1, message))
    return problems


def _entry_lines(pyproject: str, count: int) -> list[int]:
    """The line of each `[[tool.sqla-async.allow]]` header, or 1 when they do not pair up
    with the entries (an inline array of tables, or no pyproject text)."""
    headers = [pyproject.count("\n", 0, m.start()) + 1 for m in ALLOW_HEADER.finditer(pyproject)]
    return headers if len(headers) == count else [1] * count


def _problem(rule: str, path: str, line: int, column: int, message: str) -> Finding:
    return Finding(rule, path, line, column, message, fixable=False)


def _reasonless(allow: str, example: str) -> str:
    return f"{allow} without a reason does not allow anything: say why ({example})"


def _unknown(allow: str, code: str) -> str:
    hint = f"; did you mean {code.upper()}?" if code.upper() in RULE_NAMES else ""
    return (
        f"{allow} does not allow anything: {code} is not a sqla-async rule{hint} "
        "(`sqla-async rules` lists them)"
    )


@lru_cache(maxsize=256)
def _glob_regex(glob: str) -> re.Pattern[str]:
    parts = GLOB_PART.split(glob)  # literal text at even indexes, wildcards at odd ones
    return re.compile("".join(_wildcard(p) if i % 2 else re.escape(p) for i, p in enumerate(parts)))


def _wildcard(part: str) -> str:
    if part in GLOB_REGEX:
        return GLOB_REGEX[part]
    # A character class, as fnmatch reads it: `[!a]` negates; `^` and `\` are literal.
    negated = part.startswith("[!")
    body = (part[2:-1] if negated else part[1:-1]).replace("\\", "\\\\").replace("^", "\\^")
    return f"[^/{body}]" if negated else f"[{body}]"
