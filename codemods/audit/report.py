"""Render findings as text (like ruff), JSON (DESIGN.md's shape), SARIF 2.1.0 or Markdown.

Every renderer takes the same findings, so the formats always agree.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from codemods import __version__
from codemods.audit.findings import CATALOGUE, Finding

FORMATS = ("text", "json", "markdown", "sarif")
INFORMATION_URI = "https://github.com/sqla-async/sqla-async"


@dataclass(frozen=True)
class AuditSummary:
    files: int
    findings: tuple[Finding, ...]
    rules_checked: tuple[str, ...]
    errors: int

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


def render_markdown(summary: AuditSummary) -> str:
    counts = summary.as_dict()
    lines = [
        "# sqla-async audit",
        "",
        f"- files audited: {summary.files}",
        f"- open findings: {counts['open']} "
        f"({counts['fixable']} fixable with `sqla-async migrate`)",
        f"- allowed exceptions: {counts['allowed']}",
        f"- rules checked: {', '.join(summary.rules_checked)}",
        "",
    ]
    by_rule = Counter(f.rule for f in summary.open)
    if by_rule:
        rows = [
            (info.code, info.name, by_rule[info.code]) for info in CATALOGUE if by_rule[info.code]
        ]
        lines += [*_markdown_table(("rule", "name", "open"), rows), ""]
        lines += ["## Open findings", ""]
        found = [
            (f"`{f.path}:{f.line}:{f.column}`", f.rule, f.message, "yes" if f.fixable else "no")
            for f in summary.open
        ]
        lines += [*_markdown_table(("where", "rule", "finding", "fixable"), found), ""]
    allowed = [f for f in summary.findings if f.allowed]
    if allowed:
        lines += ["## Allowed exceptions", ""]
        reasons = [(f"`{f.path}:{f.line}`", f.rule, f.reason) for f in allowed]
        lines += [*_markdown_table(("where", "rule", "reason"), reasons), ""]
    return "\n".join(lines)


RENDERERS: dict[str, Callable[[AuditSummary], str]] = {
    "text": render_text,
    "json": render_json,
    "markdown": render_markdown,
    "sarif": render_sarif,
}
