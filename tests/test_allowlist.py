"""The audit's allowlist: `# sqla-async: allow[...]` pragmas and `allow` entries."""

from __future__ import annotations

from dataclasses import replace

import pytest

from codemods.audit.allowlist import INVALID_ALLOW_RULE, apply_allowlist, path_matches
from codemods.audit.findings import Finding
from codemods.settings import AllowEntry, Settings

PATH = "app/api/users.py"
REASON = "reporting job, stays sync"


def _finding(rule: str, line: int, column: int = 5, path: str = PATH) -> Finding:
    return Finding(rule, path, line, column, f"{rule} here", fixable=True, function="f")


def _allowed(finding: Finding, reason: str = REASON) -> Finding:
    return replace(finding, allowed=True, reason=reason)


def _reasonless(code: str, line: int, column: int, path: str = PATH) -> Finding:
    message = (
        f"`allow[{code}]` without a reason does not allow anything: "
        f"say why (`# sqla-async: allow[{code}] <reason>`)"
    )
    return Finding("SQA000", path, line, column, message, fixable=False)


def _unknown(code: str, line: int, column: int, hint: str = "") -> Finding:
    message = (
        f"`allow[{code}]` does not allow anything: {code} is not a sqla-async rule{hint} "
        "(`sqla-async rules` lists them)"
    )
    return Finding(INVALID_ALLOW_RULE, PATH, line, column, message, fixable=False)


def _apply(findings: list[Finding], source: str, settings: Settings | None = None) -> list[Finding]:
    return apply_allowlist(findings, {PATH: source}, settings or Settings())


def test_noop_without_pragmas_or_entries() -> None:
    findings = [_finding("SQA001", 1), _finding("SQA004", 2)]
    source = "users = db.query(User).all()  # a comment\ndb.commit()\n"
    assert _apply(findings, source) == findings


@pytest.mark.parametrize(
    ("source", "line"),
    [
        pytest.param(
            f"users = db.query(User).all()  # sqla-async: allow[SQA001] {REASON}\n",
            1,
            id="pragma on the line",
        ),
        pytest.param(
            f"# sqla-async: allow[SQA001] {REASON}\nusers = db.query(User).all()\n",
            2,
            id="pragma on the line above",
        ),
        pytest.param(
            f"# sqla-async: allow[SQA001] {REASON}\n\n# why:\n    # more\n\nx = db.query(User)\n",
            6,
            id="pragma above blank lines and comment lines",
        ),
        pytest.param(
            f"# sqla-async: allow[SQA001] {REASON}\nusers = (\n    db.query(User)\n    .all()\n)\n",
            3,
            id="pragma above a multi-line statement covers all its lines",
        ),
        pytest.param(
            f"users = (\n    # sqla-async: allow[SQA001] {REASON}\n    db.query(User)\n)\n",
            3,
            id="pragma alone on a line inside brackets",
        ),
        pytest.param(
            f"def f(db):\n    # sqla-async: allow[SQA001] {REASON}\n    return db.query(User)\n",
            3,
            id="pragma indented in a block",
        ),
    ],
)
def test_pragma_allows_the_finding(source: str, line: int) -> None:
    finding = _finding("SQA001", line)
    assert _apply([finding], source) == [_allowed(finding)]


@pytest.mark.parametrize(
    ("source", "line"),
    [
        pytest.param(
            f"x = 1  # sqla-async: allow[SQA001] {REASON}\nusers = db.query(User).all()\n",
            2,
            id="a pragma at the end of a line does not cover the next line",
        ),
        pytest.param(
            f"# sqla-async: allow[SQA001] {REASON}\nx = 1\nusers = db.query(User).all()\n",
            3,
            id="a pragma above covers one statement only",
        ),
        pytest.param(
            f"# sqla-async: allow[SQA001] {REASON}\ndef f(db):\n    return db.query(User)\n",
            3,
            id="a pragma above a def covers its header, not its body",
        ),
        pytest.param(
            f"users = db.query(User).all()\n# sqla-async: allow[SQA001] {REASON}\n",
            1,
            id="a pragma below does not cover the line above",
        ),
        pytest.param(
            f"users = db.query(User).all()  # sqla-async: allow[SQA003] {REASON}\n",
            1,
            id="a pragma for another rule does not silence this one",
        ),
        pytest.param(
            f'users = db.query(User).all(); s = "# sqla-async: allow[SQA001] {REASON}"\n',
            1,
            id="a pragma inside a string is not a pragma",
        ),
        pytest.param(
            f'"""\n# sqla-async: allow[SQA001] {REASON}\n"""\nusers = db.query(User).all()\n',
            4,
            id="a pragma inside a docstring is not a pragma",
        ),
    ],
)
def test_pragma_does_not_allow_the_finding(source: str, line: int) -> None:
    finding = _finding("SQA001", line)
    assert _apply([finding], source) == [finding]


@pytest.mark.parametrize(
    "comment",
    [
        pytest.param(f"# sqla-async: allow[SQA001] {REASON}", id="as documented"),
        pytest.param(f"#sqla-async:allow[SQA001]{REASON}", id="no spaces"),
        pytest.param(f"#   sqla-async :  allow [ SQA001 ]   {REASON}  ", id="extra spaces"),
        pytest.param(f"# SQLA-Async: Allow[SQA001] {REASON}", id="the marker in another case"),
        pytest.param(f"# sqla-async: allow[SQA001]: {REASON}", id="a colon before the reason"),
        pytest.param(f"# sqla-async: allow[SQA001] - {REASON}", id="a dash before the reason"),
        pytest.param(f"# noqa: E501  # sqla-async: allow[SQA001] {REASON}", id="after a noqa"),
        pytest.param(f"# sqla-async: allow[SQA001] {REASON}  # noqa: E501", id="before a noqa"),
    ],
)
def test_pragma_spellings(comment: str) -> None:
    finding = _finding("SQA001", 1)
    assert _apply([finding], f"users = db.query(User).all()  {comment}\n") == [_allowed(finding)]


@pytest.mark.parametrize(
    "codes",
    [
        pytest.param("SQA001,SQA003", id="comma"),
        pytest.param("SQA001, SQA003", id="comma and space"),
        pytest.param(" SQA001 ,SQA003 ", id="spaces around"),
        pytest.param("SQA001 SQA003", id="space only"),
    ],
)
def test_pragma_with_several_codes_allows_each(codes: str) -> None:
    legacy, factory, await_ = _finding("SQA001", 1), _finding("SQA003", 1, 9), _finding("SQA004", 1)
    source = f"x = SessionLocal().query(User)  # sqla-async: allow[{codes}] {REASON}\n"
    assert _apply([legacy, factory, await_], source) == [
        _allowed(legacy),
        _allowed(factory),
        await_,
    ]


def test_reasonless_pragma_is_reported_and_silences_nothing() -> None:
    finding = _finding("SQA001", 2)
    source = "def f(db):\n    return db.query(User)  # sqla-async: allow[SQA001]\n"
    assert _apply([finding], source) == [finding, _reasonless("SQA001", 2, 28)]


def test_reasonless_pragma_with_several_codes_is_reported_once_per_code() -> None:
    finding = _finding("SQA003", 2)
    source = "\n# sqla-async: allow[SQA003,SQA001]  # noqa: E501\nx = SessionLocal()\n"
    assert _apply([finding], source) == [
        finding,
        _reasonless("SQA003", 2, 1),  # in the order the pragma names them
        _reasonless("SQA001", 2, 1),
    ]


def test_reasonless_pragma_in_a_file_without_findings_is_reported() -> None:
    sources = {PATH: "x = 1\n", "app/other.py": "    # sqla-async: allow[SQA007]\n"}
    assert apply_allowlist([], sources, Settings()) == [_reasonless("SQA007", 1, 5, "app/other.py")]


@pytest.mark.parametrize(
    ("code", "hint"),
    [
        pytest.param("SQA999", "", id="an unknown code"),
        pytest.param("sqa001", "; did you mean SQA001?", id="a code in lower case"),
        pytest.param("legacy-query", "", id="a rule name instead of its code"),
    ],
)
def test_pragma_with_an_unknown_code_is_reported(code: str, hint: str) -> None:
    legacy = _finding("SQA001", 1)
    source = f"users = db.query(User).all()  # sqla-async: allow[{code}] {REASON}\n"
    assert _apply([legacy], source) == [legacy, _unknown(code, 1, 31, hint)]


def test_pragma_with_a_known_and_an_unknown_code_allows_the_known_one() -> None:
    legacy = _finding("SQA001", 1)
    source = f"users = db.query(User).all()  # sqla-async: allow[SQA001,SQA999] {REASON}\n"
    assert _apply([legacy], source) == [_allowed(legacy), _unknown("SQA999", 1, 31)]


def test_pragma_naming_no_rule_is_reported() -> None:
    message = "`allow[]` names no rule: `# sqla-async: allow[SQA003] <reason>`"
    expected = Finding(INVALID_ALLOW_RULE, PATH, 1, 8, message, fixable=False)
    assert _apply([], f"x = 1  # sqla-async: allow[ ] {REASON}\n") == [expected]


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            f'users = db.query(User)  # sqla-async: allow[SQA001] {REASON}\ns = "open\n',
            id="an unterminated string",
        ),
        pytest.param(
            f"users = db.query(User)  # sqla-async: allow[SQA001] {REASON}\nx = (\n",
            id="an unclosed bracket",
        ),
        pytest.param(
            f"if x:\n    users = db.query(User)  # sqla-async: allow[SQA001] {REASON}\n  y\n",
            id="a bad dedent",
        ),
        pytest.param(
            f'users = db.query(User)  # sqla-async: allow[SQA001] {REASON}\ns = """open\n',
            id="an unterminated triple-quoted string",
        ),
    ],
)
def test_file_that_does_not_tokenize_has_no_pragmas(source: str) -> None:
    finding = _finding("SQA001", 1)
    assert _apply([finding], source) == [finding]


def test_pragmas_are_read_from_python_files_only() -> None:
    sources = {
        "pyproject.toml": "# sqla-async: allow[SQA001]\n",
        "notes.md": "# sqla-async: allow[]",
    }
    assert apply_allowlist([], sources, Settings()) == []


ENTRY = AllowEntry("app/scripts/*.py", "SQA003", "one-off maintenance scripts stay sync")


@pytest.mark.parametrize(
    ("entry", "finding", "allowed"),
    [
        pytest.param(ENTRY, _finding("SQA003", 4, path="app/scripts/fix.py"), True, id="glob"),
        pytest.param(
            ENTRY,
            _finding("SQA003", 4, path="app/scripts/old/fix.py"),
            False,
            id="a star stays within its folder",
        ),
        pytest.param(
            ENTRY,
            _finding("SQA001", 4, path="app/scripts/fix.py"),
            False,
            id="another rule in a matching file",
        ),
        pytest.param(
            ENTRY, _finding("SQA003", 4, path="app/fix.py"), False, id="a file outside the glob"
        ),
        pytest.param(
            replace(ENTRY, path="app/scripts/**/*.py"),
            _finding("SQA003", 4, path="app/scripts/old/deep/fix.py"),
            True,
            id="double star spans folders",
        ),
        pytest.param(
            replace(ENTRY, path="app/scripts/**/*.py"),
            _finding("SQA003", 4, path="app/scripts/fix.py"),
            True,
            id="double star spans no folder too",
        ),
        pytest.param(
            replace(ENTRY, path="**/fix.py"),
            _finding("SQA003", 4, path="fix.py"),
            True,
            id="double star at the start",
        ),
    ],
)
def test_config_entry(entry: AllowEntry, finding: Finding, allowed: bool) -> None:
    result = apply_allowlist([finding], {}, Settings(allow=(entry,)))
    assert result == [_allowed(finding, entry.reason) if allowed else finding]


@pytest.mark.parametrize(
    ("path", "glob", "matches"),
    [
        pytest.param("app/b1.py", "app/b[0-9].py", True, id="a character class"),
        pytest.param("app/bx.py", "app/b[!0-9].py", True, id="a negated character class"),
        pytest.param("app/b/.py", "app/b[!0-9].py", False, id="a class never matches a slash"),
        pytest.param("app/b1.py", "app/b?.py", True, id="a question mark"),
        pytest.param("app/x+y.py", "app/x+y.py", True, id="regex characters are literal"),
        pytest.param("app/[x.py", "app/[x.py", True, id="an unclosed bracket is literal"),
        pytest.param("app/a.py", "app/a.p", False, id="the whole path must match"),
    ],
)
def test_path_matches(path: str, glob: str, matches: bool) -> None:
    assert path_matches(path, glob) is matches


PYPROJECT = """\
[project]
name = "app"

[tool.sqla-async]
exclude = ["alembic"]

[[tool.sqla-async.allow]]
path = "app/scripts/*.py"
rule = "SQA003"
reason = "one-off maintenance scripts stay sync"

[[tool.sqla-async.allow]]
path = "app/legacy/*.py"
rule = "SQA001"
"""
REASONLESS_ENTRY = (
    "`[[tool.sqla-async.allow]]` for SQA001 on `app/legacy/*.py` without a reason does not "
    'allow anything: say why (`reason = "..."`)'
)


@pytest.mark.parametrize(
    ("sources", "line"),
    [
        pytest.param({"pyproject.toml": PYPROJECT}, 12, id="at its table's line"),
        pytest.param({}, 1, id="at line 1 without the pyproject text"),
        pytest.param(
            {"pyproject.toml": PYPROJECT.replace("[[tool.sqla-async.allow]]", "[[x]]", 1)},
            1,
            id="at line 1 when the tables do not pair up with the entries",
        ),
    ],
)
def test_config_entry_without_reason_is_reported_and_silences_nothing(
    sources: dict[str, str], line: int
) -> None:
    legacy = _finding("SQA001", 3, path="app/legacy/old.py")
    settings = Settings(allow=(ENTRY, AllowEntry("app/legacy/*.py", "SQA001", "")))
    expected = Finding("SQA000", "pyproject.toml", line, 1, REASONLESS_ENTRY, fixable=False)
    assert apply_allowlist([legacy], sources, settings) == [legacy, expected]


def test_config_entry_with_an_unknown_rule_is_reported() -> None:
    settings = Settings(allow=(AllowEntry("app/*.py", "SQA999", "because"),))
    message = (
        "`[[tool.sqla-async.allow]]` for SQA999 on `app/*.py` does not allow anything: "
        "SQA999 is not a sqla-async rule (`sqla-async rules` lists them)"
    )
    expected = Finding(INVALID_ALLOW_RULE, "pyproject.toml", 1, 1, message, fixable=False)
    assert apply_allowlist([], {}, settings) == [expected]


def test_pragma_reason_wins_over_config_reason() -> None:
    finding = _finding("SQA003", 1, path="app/scripts/fix.py")
    source = "db = SessionLocal()  # sqla-async: allow[SQA003] this one is special\n"
    result = apply_allowlist([finding], {finding.path: source}, Settings(allow=(ENTRY,)))
    assert result == [_allowed(finding, "this one is special")]


def test_already_allowed_finding_stays_as_it_is() -> None:
    kept = _allowed(_finding("SQA001", 1), "the module is listed in `keep-sync`")
    source = "users = db.query(User).all()  # sqla-async: allow[SQA001] another reason\n"
    assert _apply([kept], source) == [kept]


def test_output_keeps_input_order_then_sorted_new_findings() -> None:
    later, earlier = _finding("SQA004", 9), _finding("SQA001", 1)
    sources = {
        PATH: "\n" * 4
        + "x = 1  # sqla-async: allow[SQA007]\n"
        + "y = 2  # sqla-async: allow[SQA002]\n",
        "app/a.py": "# sqla-async: allow[SQA008]\n",
    }
    settings = Settings(allow=(AllowEntry("app/*.py", "SQA003", ""),))
    result = apply_allowlist([later, earlier], sources, settings)
    assert result[:2] == [later, earlier]
    assert [(f.path, f.line, f.rule) for f in result[2:]] == [
        ("app/a.py", 1, "SQA000"),
        (PATH, 5, "SQA000"),
        (PATH, 6, "SQA000"),
        ("pyproject.toml", 1, "SQA000"),
    ]
