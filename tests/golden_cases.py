"""Golden cases: discovery, the `# output` split, and rewriting the expected part.

A single-file case `golden/<area>/<case>.py` is the input, a line `# output`, then the
expected code; without that line the file must come out unchanged (name it noop_*).
A multi-file case is a folder `golden/<area>/<case>/` with `input/` and, unless it is a
noop, `output/`. Single-file cases of an area are indexed together with the modules
in `golden/<area>/_project/` (e.g. the models they import).
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
# A folder of modules (models, say) that every single-file case of its area is indexed
# with, so cases can import them as a real project would.
PROJECT = "_project"
# The separator line keeps the case's own line ending, so CRLF cases stay CRLF throughout.
SEPARATOR = re.compile(r"^# output(\r?\n)", re.MULTILINE)


@dataclass(frozen=True)
class FileCase:
    path: Path

    @property
    def id(self) -> str:
        return self.path.relative_to(GOLDEN).as_posix()

    @property
    def is_noop(self) -> bool:
        return self.path.name.startswith("noop_")

    def split(self) -> tuple[str, str | None]:
        # Bytes, not read_text(): universal newlines would turn CRLF cases into LF.
        text = self.path.read_bytes().decode("utf-8")
        found = SEPARATOR.search(text)
        return (text[: found.start()], text[found.end() :]) if found else (text, None)

    def write_expected(self, source: str, expected: str) -> None:
        newline = "\r\n" if source.endswith("\r\n") else "\n"
        body = source if expected == source else f"{source}# output{newline}{expected}"
        self.path.write_bytes(body.encode("utf-8"))


@dataclass(frozen=True)
class FolderCase:
    path: Path

    @property
    def id(self) -> str:
        return self.path.relative_to(GOLDEN).as_posix() + "/"

    @property
    def is_noop(self) -> bool:
        return self.path.name.startswith("noop_")

    @property
    def input(self) -> Path:
        return self.path / "input"

    @property
    def output(self) -> Path:
        return self.path / "output"

    def write_expected(self, result: Path, changed: bool) -> None:
        shutil.rmtree(self.output, ignore_errors=True)
        if changed:
            shutil.copytree(result, self.output)


def discover_cases() -> list[FileCase | FolderCase]:
    cases: list[FileCase | FolderCase] = []
    # golden/audit/ holds audit cases (tests/test_golden_audit.py), not migrations
    for area in sorted(p for p in GOLDEN.iterdir() if p.is_dir() and p.name != "audit"):
        for entry in sorted(area.iterdir()):
            if entry.name == PROJECT:
                continue
            if entry.is_dir() and (entry / "input").is_dir():
                cases.append(FolderCase(entry))
            elif entry.suffix == ".py":
                cases.append(FileCase(entry))
    return cases


def tree_texts(folder: Path) -> dict[str, bytes]:
    """Every file below `folder`, by posix path, as bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }
