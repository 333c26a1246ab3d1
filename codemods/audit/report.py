"""Render findings as text (like ruff), JSON (DESIGN.md's shape), SARIF 2.1.0 or Markdown.

Every renderer takes the same findings, so the formats always agree.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from codemods import __version__
from codemods.audit.findings import CATALOGUE, RULE_FIXES, Finding

FORMATS = ("text", "json", "markdown", "sarif")
INFORMATION_URI = "https://github.com/sqla-async/sqla-async"


@dataclass(frozen=True)
class AuditStatistics:
    """What the project is made of, for the report's shares."""

    files: tuple[str, ...] = ()  # every file audited, relative to the root
    path_operations: int = 0
    async_path_operations: int = 0
    # (path, line) -> the source line, for each finding's snippet
    snippets: Mapping[tuple[str, int], str] = field(default_factory=dict)


@dataclass(frozen=True)
class AuditSummary:
    files: int
    findings: tuple[Finding, ...]
    rules_checked: tuple[str, ...]
    errors: int
    statistics: AuditStatistics = field(default_factory=AuditStatistics)

    @property
    def open(self) -> list[Finding]:
        return [f for f in self.findings if not f.allowed]

    def as_dict(self) -> dict[str, object]:
        open_ = self.open
        return {
            "files": self.files,
            "findings": len(self.findings),
            "open": len(open_),
            "allowed": len(self.findings) - len(open_),
            "fixable": sum(f.fixable for f in open_),
            "errors": self.errors,
            "by_rule": dict(sorted(Counter(f.rule for f in open_).items())),
            "rules_checked": list(self.rules_checked),
            "path_operations": self.statistics.path_operations,
            "async_path_operations": self.statistics.async_path_operations,
        }


def render_text(summary: AuditSummary) -> str:
    lines = [f"{f.path}:{f.line}:{f.column}: {f.rule} {f.message}" for f in summary.open]
    fixable = sum(f.fixable for f in summary.open)
    if summary.open:
        lines.append(
            f"Found {len(summary.open)} finding(s) in {summary.files} file(s); "
            f"{fixable} fixable with `sqla-async migrate`."
        )
    else:
        lines.append(f"No open findings in {summary.files} file(s).")
    allowed = len(summary.findings) - len(summary.open)
    if allowed:
        lines.append(f"{allowed} allowed finding(s) not shown.")
    lines.append(f"Rules checked: {', '.join(summary.rules_checked)}.")
    return "\n".join(lines) + "\n"


def _finding_dict(finding: Finding) -> dict[str, object]:
    return {
        "rule": finding.rule,
        "name": finding.name,
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "message": finding.message,
        "fixable": finding.fixable,
        "allowed": finding.allowed,
        "reason": finding.reason,
    }


def render_json(summary: AuditSummary) -> str:
    document = {
        "version": 1,
        "summary": summary.as_dict(),
        "findings": [_finding_dict(f) for f in summary.findings],
    }
    return json.dumps(document, indent=2) + "\n"


def _sarif_result(finding: Finding, rule_index: dict[str, int]) -> dict[str, object]:
    result: dict[str, object] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index[finding.rule],
        "level": "warning",
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": finding.path, "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": finding.line, "startColumn": finding.column},
                }
            }
        ],
        "properties": {"fixable": finding.fixable},
    }
    if finding.allowed:
        result["suppressions"] = [{"kind": "inSource", "justification": finding.reason}]
    return result


def render_sarif(summary: AuditSummary) -> str:
    rules = [
        {
            "id": info.code,
            "name": info.name,
            "shortDescription": {"text": info.summary},
            "helpUri": f"{INFORMATION_URI}#{info.code.lower()}",
        }
        for info in CATALOGUE
    ]
    rule_index = {info.code: i for i, info in enumerate(CATALOGUE)}
    driver = {
        "name": "sqla-async",
        "version": __version__,
        "informationUri": INFORMATION_URI,
        "rules": rules,
    }
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "results": [_sarif_result(f, rule_index) for f in summary.findings],
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    return json.dumps(document, indent=2) + "\n"


def _markdown_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |" for row in rows]
    return lines


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def render_markdown(summary: AuditSummary) -> str:
    """The migration audit report: summary, per-file status, every open finding with its
    snippet and fix, the allowed exceptions with their reasons, and the statistics."""
    return "\n".join(
        [
            *_markdown_summary(summary),
            *_markdown_rules(summary),
            *_markdown_files(summary),
            *_markdown_open(summary),
            *_markdown_allowed(summary),
            *_markdown_statistics(summary),
        ]
    )


def _files_with_open(summary: AuditSummary) -> Counter[str]:
    return Counter(f.path for f in summary.open)


def _markdown_summary(summary: AuditSummary) -> list[str]:
    counts, stats = summary.as_dict(), summary.statistics
    open_count, fixable = len(summary.open), int(str(counts["fixable"]))
    clean = summary.files - len(_files_with_open(summary))
    rows = [
        ("files audited", summary.files, ""),
        ("files with no open finding", clean, _share(clean, summary.files)),
        ("path operations, dependencies and background tasks", stats.path_operations, ""),
        (
            "of them `async def`",
            stats.async_path_operations,
            _share(stats.async_path_operations, stats.path_operations),
        ),
        ("legacy queries left (SQA001)", sum(f.rule == "SQA001" for f in summary.open), ""),
        ("open findings", open_count, ""),
        ("fixable with `sqla-async migrate`", fixable, _share(fixable, open_count)),
        ("allowed exceptions", counts["allowed"], ""),
    ]
    verdict = (
        f"**{open_count} open finding(s)** in {len(_files_with_open(summary))} file(s)."
        if open_count
        else "**No open findings.**"
    )
    return [
        "# sqla-async migration audit",
        "",
        verdict,
        "",
        *_markdown_table(("", "count", "share"), rows),
        "",
    ]


def _markdown_rules(summary: AuditSummary) -> list[str]:
    by_rule = Counter(f.rule for f in summary.open)
    fixable = Counter(f.rule for f in summary.open if f.fixable)
    allowed = Counter(f.rule for f in summary.findings if f.allowed)
    rows = [
        (info.code, info.name, by_rule[info.code], fixable[info.code], allowed[info.code])
        for info in CATALOGUE
        if by_rule[info.code] or allowed[info.code]
    ]
    if not rows:
        return []
    header = ("rule", "name", "open", "fixable", "allowed")
    return ["## Findings by rule", "", *_markdown_table(header, rows), ""]


def _markdown_files(summary: AuditSummary) -> list[str]:
    found = _files_with_open(summary)
    allowed = Counter(f.path for f in summary.findings if f.allowed)
    files = summary.statistics.files or tuple(sorted(found | allowed))

    def status(path: str) -> str:
        if found[path]:
            return f"{found[path]} open finding(s)"
        return f"{allowed[path]} allowed exception(s)" if allowed[path] else "fully async"

    rows = [(f"`{path}`", status(path)) for path in files]
    if not rows:
        return []
    return ["## Files", "", *_markdown_table(("file", "status"), rows), ""]


def _markdown_open(summary: AuditSummary) -> list[str]:
    if not summary.open:
        return []
    lines = ["## Open findings", ""]
    for finding in summary.open:
        lines += [
            f"### `{finding.path}:{finding.line}:{finding.column}` {finding.rule} {finding.name}",
            "",
            finding.message,
            "",
        ]
        snippet = summary.statistics.snippets.get((finding.path, finding.line))
        if snippet is not None:
            lines += ["```python", f"{finding.line:>5} | {snippet}", "```", ""]
        fix = "yes" if finding.fixable else "no"
        lines += [f"Fixable by `sqla-async migrate`: {fix}. Fix: {RULE_FIXES[finding.rule]}.", ""]
    return lines


def _markdown_allowed(summary: AuditSummary) -> list[str]:
    allowed = [f for f in summary.findings if f.allowed]
    if not allowed:
        return []
    rows = [(f"`{f.path}:{f.line}`", f.rule, f.reason) for f in allowed]
    return ["## Allowed exceptions", "", *_markdown_table(("where", "rule", "reason"), rows), ""]


def _markdown_statistics(summary: AuditSummary) -> list[str]:
    return [
        "## Statistics",
        "",
        f"- rules checked: {', '.join(summary.rules_checked)}",
        f"- files that could not be read or parsed: {summary.errors}",
        f"- sqla-async {__version__}",
        "",
    ]


RENDERERS: dict[str, Callable[[AuditSummary], str]] = {
    "text": render_text,
    "json": render_json,
    "markdown": render_markdown,
    "sarif": render_sarif,
}
