"""Migrated files come out formatted by black, with the project's configuration, where
black kept them formatted before; other files are left as the rewrite wrote them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from black import format_str
from black.mode import Mode
from black.report import NothingChanged

from codemods.formatting import BlackStyle, formatted, project_style
from codemods.runner import run
from codemods.settings import Settings

ORIGINAL = """\
from sqlalchemy.orm import Session

from app.models import User


def city_users(db: Session, city: str) -> list[User]:
    return db.query(User).filter(User.city == city, User.email.like("%@x.org")).all()
"""
NOT_BLACK = ORIGINAL.replace("(db: Session, city: str)", "( db: Session,city: str )")
GOLDEN_PROJECT = Path(__file__).resolve().parent.parent / "golden" / "query_to_select" / "_project"
# What black does to the rewrite: the queries-only target keeps these files small.
SYNC_2_0 = Settings(target="sync-2.0")


def _project(tmp_path: Path, source: str, pyproject: str = "") -> Path:
    root = tmp_path / "project"
    shutil.copytree(GOLDEN_PROJECT, root)
    (root / "app" / "queries.py").write_text(source, encoding="utf-8")
    if pyproject:
        (root / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    return root


def test_a_black_formatted_file_comes_out_as_black_writes_it(tmp_path: Path) -> None:
    assert formatted(ORIGINAL, ORIGINAL, BlackStyle()) == ORIGINAL  # black keeps it so
    root = _project(tmp_path, ORIGINAL)
    plain = run([root], root, SYNC_2_0, "diff", format_code=False)
    report = run([root], root, SYNC_2_0, "apply")
    assert report.changed == ["app/queries.py"]
    text = (root / "app" / "queries.py").read_text(encoding="utf-8")
    rewritten = _after(plain.diffs[0].text)
    assert rewritten != text  # black had something to do
    assert text == format_str(rewritten, mode=Mode())


def test_the_projects_black_configuration_applies(tmp_path: Path) -> None:
    root = _project(tmp_path, ORIGINAL, "[tool.black]\nline-length = 120\n")
    plain = run([root], root, SYNC_2_0, "diff", format_code=False)
    run([root], root, SYNC_2_0, "apply")
    text = (root / "app" / "queries.py").read_text(encoding="utf-8")
    rewritten = _after(plain.diffs[0].text)
    assert text == format_str(rewritten, mode=Mode(line_length=120))
    assert text != format_str(rewritten, mode=Mode())  # not black's default of 88
    assert "    return db.execute(select(User).where(" in text  # one line fits in 120


def test_a_file_black_would_have_changed_is_left_as_the_rewrite_wrote_it(tmp_path: Path) -> None:
    root = _project(tmp_path, NOT_BLACK)
    report = run([root], root, SYNC_2_0, "apply")
    assert report.changed == ["app/queries.py"]
    text = (root / "app" / "queries.py").read_text(encoding="utf-8")
    assert "def city_users( db: Session,city: str ):" in text.replace(" -> list[User]", "")


def _after(diff: str) -> str:
    """The new side of a one-hunk diff of a whole file."""
    lines = diff.splitlines(keepends=True)[3:]
    return "".join(line[1:] for line in lines if not line.startswith("-"))


@pytest.mark.parametrize(
    ("pyproject", "expected"),
    [
        pytest.param("", BlackStyle(), id="no configuration: black's defaults"),
        pytest.param(
            '[tool.black]\nline-length = 100\ntarget-version = ["py311"]\n'
            "skip-string-normalization = true\n",
            BlackStyle(100, ("py311",), string_normalization=False),
            id="the project's [tool.black]",
        ),
    ],
)
def test_project_style_reads_tool_black(
    tmp_path: Path, pyproject: str, expected: BlackStyle
) -> None:
    (tmp_path / ".git").mkdir()  # black stops looking for a pyproject.toml at a repo root
    if pyproject:
        (tmp_path / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    assert project_style(tmp_path) == expected


def test_formatted_leaves_code_black_cannot_parse() -> None:
    assert formatted("x = 1\n", "x = (\n", BlackStyle()) == "x = (\n"


def test_formatted_keeps_the_rewrite_when_black_would_change_its_meaning(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """black's own safety check is skipped for speed; ours still refuses an output whose
    AST differs from the rewrite's (a black bug), and the rewrite is kept as written."""
    migrated = ORIGINAL.replace("city_users", "city_users ")

    def broken_black(source: str, *, fast: bool, mode: Mode) -> str:
        if "User.city ==" not in source:
            raise NothingChanged
        return source.replace("User.city ==", "User.town ==")

    monkeypatch.setattr("codemods.formatting.format_file_contents", broken_black)
    original = ORIGINAL.replace("User.city ==", "User.town ==")  # black leaves it be
    assert formatted(original, migrated, BlackStyle()) == migrated
    monkeypatch.setattr("codemods.formatting.assert_equivalent", lambda src, dst: None)
    assert formatted(original, migrated, BlackStyle()) == migrated.replace("city ==", "town ==")
