"""The reports of allowed findings (an allow pragma with a reason, a module `keep-sync`
lists): counted but not listed in the text report, listed with their reasons in Markdown,
and in SARIF as suppressions, so that code scanning shows them as dismissed."""

from __future__ import annotations

import json

from codemods.audit.findings import Finding
from codemods.audit.report import (
    AuditStatistics,
    AuditSummary,
    render_markdown,
    render_sarif,
    render_text,
)

OPEN = Finding("SQA001", "app/routes.py", 3, 12, "legacy query", fixable=True)
ALLOWED = Finding(
    "SQA003",
    "app/legacy/exports.py",
    7,
    5,
    "sync session factory",
    fixable=False,
    allowed=True,
    reason="the exports stay sync",
)
FILES = AuditStatistics(files=("app/legacy/exports.py", "app/routes.py"))
BOTH = AuditSummary(2, (OPEN, ALLOWED), ("SQA001", "SQA003"), 0, FILES)
ONLY_ALLOWED = AuditSummary(2, (ALLOWED,), ("SQA001", "SQA003"), 0, FILES)


def test_text_lists_the_open_findings_and_counts_the_allowed() -> None:
    lines = render_text(BOTH).splitlines()
    assert lines[0] == "app/routes.py:3:12: SQA001 legacy query"
    assert not any("exports.py" in line for line in lines)
    assert "1 allowed finding(s) not shown." in lines


def test_text_of_a_project_with_only_allowed_findings() -> None:
    lines = render_text(ONLY_ALLOWED).splitlines()
    assert lines[:2] == ["No open findings in 2 file(s).", "1 allowed finding(s) not shown."]


def test_sarif_suppresses_the_allowed_findings_with_their_reasons() -> None:
    opened, allowed = json.loads(render_sarif(BOTH))["runs"][0]["results"]
    assert "suppressions" not in opened
    assert allowed["ruleId"] == "SQA003"
    assert allowed["suppressions"] == [
        {"kind": "inSource", "justification": "the exports stay sync"}
    ]


def test_markdown_lists_the_allowed_findings_with_their_reasons() -> None:
    markdown = render_markdown(BOTH)
    assert "| `app/legacy/exports.py` | 1 allowed exception(s) |" in markdown
    assert "| `app/routes.py` | 1 open finding(s) |" in markdown
    allowed = markdown.split("## Allowed exceptions\n", 1)[1]
    assert "| `app/legacy/exports.py:7` | SQA003 | the exports stay sync |" in allowed
    assert "### `app/legacy/exports.py" not in markdown  # not among the open findings
