"""Format migrated files with black, the way the project formats them, and only those
black already left alone.

A rewrite changes the lines it touches; in a project formatted by black those lines
should read as black writes them (`await` added, a chain reflowed). The project's own
black configuration applies (`[tool.black]` in the pyproject.toml black finds from the
project root). A file black would have changed before the migration is not black's to
touch now: formatting it would bury the migration in unrelated changes, so a project
that does not use black gets no reformatting at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from black import assert_equivalent, format_file_contents
from black.const import DEFAULT_LINE_LENGTH
from black.files import find_pyproject_toml, parse_pyproject_toml
from black.mode import Mode, TargetVersion
from black.report import NothingChanged


@dataclass(frozen=True)
class BlackStyle:
    """black's options, plain and picklable (sent to worker processes)."""

    line_length: int = DEFAULT_LINE_LENGTH
    target_versions: tuple[str, ...] = ()
    string_normalization: bool = True
    magic_trailing_comma: bool = True
    preview: bool = False

    def mode(self) -> Mode:
        return Mode(
            target_versions={TargetVersion[v.upper()] for v in self.target_versions},
            line_length=self.line_length,
            string_normalization=self.string_normalization,
            magic_trailing_comma=self.magic_trailing_comma,
            preview=self.preview,
        )


def project_style(root: Path) -> BlackStyle:
    """The black configuration that applies to files below `root`."""
    found = find_pyproject_toml((str(root),))
    config: dict[str, Any] = parse_pyproject_toml(found) if found else {}
    return BlackStyle(
        line_length=int(config.get("line_length", DEFAULT_LINE_LENGTH)),
        target_versions=tuple(config.get("target_version", ())),
        string_normalization=not config.get("skip_string_normalization", False),
        magic_trailing_comma=not config.get("skip_magic_trailing_comma", False),
        preview=bool(config.get("preview", False)),
    )


def formatted(original: str, migrated: str, style: BlackStyle) -> str:
    """`migrated` as black writes it, if black left `original` unchanged; else as it is."""
    mode = style.mode()
    result = _changes(migrated, mode)
    if result is None:
        return migrated  # black would leave it be: whether it kept the original is moot
    if _changes(original, mode) is not None:
        return migrated  # the project does not keep this file black-formatted
    return result if _equivalent(migrated, result) else migrated


def _changes(source: str, mode: Mode) -> str | None:
    """black's output for `source`, or None when black leaves it as it is (or cannot
    parse it: then it is not black's to touch). Without black's safety checks (`fast`):
    the output that is kept is checked by `_equivalent`."""
    try:
        return format_file_contents(source, fast=True, mode=mode)
    except NothingChanged:
        return None
    except Exception:  # black's own parse failures: leave the file be
        return None


def _equivalent(source: str, result: str) -> bool:
    """black's check that its output parses to the same AST as its input. Its other
    check, that formatting the output again changes nothing, is left out: it formats
    the file a second time, and a later run does not format a file it does not migrate."""
    try:
        assert_equivalent(source, result)
    except Exception:  # ASTSafetyError, or the output failed to parse
        return False
    return True
