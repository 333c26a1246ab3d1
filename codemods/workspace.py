"""Files in and out: discovery, decoding, and writes that keep every byte we did not change.

A file is read once into a `SourceFile` that remembers how to turn text back into the
same bytes (encoding, BOM, line endings are kept by never normalising them) and what
was on disk, so a write can refuse when someone changed the file meanwhile.
"""

from __future__ import annotations

import contextlib
import errno
import fnmatch
import hashlib
import io
import os
import shutil
import stat
import subprocess
import tempfile
import tokenize
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath

DEFAULT_EXCLUDES = frozenset(
    {
        ".git",
        ".hg",
        ".venv",
        "venv",
        "node_modules",
        "build",
        "dist",
        "__pycache__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        ".sqla-async-cache",
    }
)
ROOT_MARKERS = ("pyproject.toml", ".git")


class UsageError(Exception):
    """The command line names something that cannot be used (exit code 2)."""


@dataclass(frozen=True)
class FileError:
    """A file that could not be processed; rendered as `path:line:col: error: message`."""

    relpath: str
    message: str
    line: int = 1
    column: int = 1

    def render(self) -> str:
        return f"{self.relpath}:{self.line}:{self.column}: error: {self.message}"


@dataclass(frozen=True)
class SourceFile:
    """One Python file as read from disk, with what is needed to write it back faithfully."""

    path: Path
    relpath: str
    raw: bytes
    text: str
    encoding: str
    mode: int

    def encode(self, text: str) -> bytes:
        # `utf-8-sig` re-adds the BOM; line endings were never translated on decode.
        return text.encode(self.encoding)

    @cached_property
    def digest(self) -> str:
        """The sha256 of the bytes read: what the audit cache keys the file by."""
        return hashlib.sha256(self.raw).hexdigest()


def find_root(paths: Sequence[Path]) -> Path:
    """The project root: the nearest ancestor of the first path with pyproject.toml or .git."""
    start = paths[0].resolve() if paths else Path.cwd().resolve()
    start = start if start.is_dir() else start.parent
    for candidate in (start, *start.parents):
        if any((candidate / marker).exists() for marker in ROOT_MARKERS):
            return candidate
    return start


def relative_to_root(path: Path, root: Path) -> str | None:
    """The posix path of `path` below `root`, or None when it lies outside."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return None


def is_excluded(relpath: str, patterns: Iterable[str], below: str = "") -> bool:
    """Match `relpath` and each of its parent folders against the exclude globs.

    A pattern with a slash is anchored at the root (`alembic/versions`); one without
    matches any single path component (`migrations`, `*_pb2.py`). Folders down to
    `below` (the directory the user named) are not tested: naming a folder means it.
    """
    parts = PurePosixPath(relpath).parts
    skip = len(PurePosixPath(below).parts) if below not in ("", ".") else 0
    prefixes = ["/".join(parts[: i + 1]) for i in range(skip, len(parts))]
    names = list(parts[skip:])
    for pattern in patterns:
        pattern = pattern.strip("/")
        candidates = prefixes if "/" in pattern else names
        if any(fnmatch.fnmatchcase(candidate, pattern) for candidate in candidates):
            return True
    return False


def _git_listed(directory: Path) -> list[Path] | None:
    """Files git would consider part of the tree (tracked + untracked, not ignored)."""
    if shutil.which("git") is None:
        return None
    command = ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"]
    try:
        done = subprocess.run(command, cwd=directory, capture_output=True, check=False)
    except OSError:
        return None
    if done.returncode != 0:
        return None
    names = done.stdout.decode("utf-8", "surrogateescape").split("\0")
    return [directory / name for name in dict.fromkeys(names) if name]


def _walked(directory: Path) -> Iterator[Path]:
    # Directory symlinks are not followed: that rules out loops and trees outside the root.
    for current, dirnames, filenames in os.walk(directory, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d not in DEFAULT_EXCLUDES)
        for name in sorted(filenames):
            yield Path(current) / name


def _inside_root_file(path: Path, root: Path) -> Path | None:
    """The real path of a regular file that stays inside the root, else None."""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):  # dangling link or a symlink loop
        return None
    if relative_to_root(real, root) is None or not real.is_file():
        return None
    return real


def _directory_candidates(directory: Path, root: Path, excludes: Sequence[str]) -> Iterator[Path]:
    listed = _git_listed(directory)
    named = relative_to_root(directory, root) or ""
    for path in listed if listed is not None else _walked(directory):
        if path.suffix != ".py":
            continue
        rel = relative_to_root(path, root)
        if rel is None or is_excluded(rel, (*DEFAULT_EXCLUDES, *excludes), below=named):
            continue
        yield path


def discover(paths: Sequence[Path], root: Path, excludes: Sequence[str]) -> list[Path]:
    """Python files under `paths`, unique by real path, sorted by their path below root.

    A file named on the command line is always taken (the user asked for it); files
    found in directories honour .gitignore, the default excludes and `exclude`.
    """
    found: dict[Path, Path] = {}
    for given in paths:
        absolute = Path(os.path.abspath(given))
        if relative_to_root(absolute, root) is None:
            raise UsageError(f"{given}: outside the project root {root}")
        if absolute.is_dir():
            candidates: Iterable[Path] = _directory_candidates(absolute, root, excludes)
        elif absolute.exists():
            if _inside_root_file(absolute, root) is None:
                raise UsageError(f"{given}: not a file inside the project root {root}")
            candidates = [absolute]
        else:
            raise UsageError(f"{given}: no such file or directory")
        for candidate in candidates:
            real = _inside_root_file(candidate, root)
            if real is not None:
                found.setdefault(real, real)
    return sorted(found, key=lambda p: relative_to_root(p, root) or "")


@dataclass(frozen=True)
class ProjectFiles:
    """Every file of the project, read once and in path order (the index covers them all),
    and the relpaths of those the run was asked for."""

    files: tuple[SourceFile | FileError, ...]
    targets: frozenset[str]


def read_project(paths: Sequence[Path], root: Path, excludes: Sequence[str]) -> ProjectFiles:
    """Read the project below `root`; the files under `paths` are the targets."""
    targets = set(discover(paths, root, excludes))
    named_root = [Path(os.path.abspath(p)) for p in paths] == [root]
    whole = targets if named_root else set(discover([root], root, excludes))
    files = tuple(read_source(path, root) for path in sorted(whole | targets))
    return ProjectFiles(files, frozenset(_relpath(path, root) for path in targets))


def _relpath(path: Path, root: Path) -> str:
    return relative_to_root(path, root) or path.as_posix()


def _error_position(raw: bytes, offset: int) -> tuple[int, int]:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    return raw.count(b"\n", 0, offset) + 1, offset - line_start + 1


def decode_source(relpath: str, raw: bytes) -> tuple[str, str] | FileError:
    """(text, encoding) following PEP 263 and the BOM; an error for binary or bad bytes."""
    if b"\0" in raw:
        line, column = _error_position(raw, raw.index(b"\0"))
        return FileError(relpath, "binary file (contains NUL bytes); left untouched", line, column)
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
    except SyntaxError as error:
        # Undecodable bytes in the first two lines land here too: name their position.
        encoding, message = "utf-8", f"cannot determine the encoding: {error.msg}"
    else:
        message = ""
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as error:
        line, column = _error_position(raw, error.start)
        return FileError(relpath, f"cannot decode as {encoding}: {error.reason}", line, column)
    except LookupError:
        return FileError(relpath, f"unknown encoding {encoding!r}")
    return FileError(relpath, message) if message else (text, encoding)


def read_source(path: Path, root: Path) -> SourceFile | FileError:
    relpath = _relpath(path, root)
    try:
        raw = path.read_bytes()
        mode = path.stat().st_mode
    except OSError as error:
        return FileError(relpath, f"cannot read: {error.strerror or error}")
    decoded = decode_source(relpath, raw)
    if isinstance(decoded, FileError):
        return decoded
    text, encoding = decoded
    return SourceFile(path, relpath, raw, text, encoding, mode)


def _keep_owner(temporary: str, original: Path) -> None:
    """Give the new file the original's owner when we may (e.g. when run as root)."""
    status = original.stat()
    if (status.st_uid, status.st_gid) != (os.getuid(), os.getgid()):
        with contextlib.suppress(PermissionError):
            os.chown(temporary, status.st_uid, status.st_gid)


class ChangedOnDiskError(Exception):
    """The file is no longer what was read: someone else wrote it meanwhile."""


def write_atomically(source: SourceFile, data: bytes) -> None:
    """Replace the file with `data` in one rename, keeping its permission bits.

    The temporary file lives in the same directory so `os.replace` stays atomic on the
    same filesystem; a reader never sees a half-written file.
    """
    if source.path.read_bytes() != source.raw:
        raise ChangedOnDiskError(f"{source.relpath} changed on disk since it was read")
    if not os.access(source.path, os.W_OK) or not source.mode & stat.S_IWUSR:
        # os.replace only needs the folder to be writable, and root may write anything:
        # a file its owner may not write is a deliberate "no".
        raise PermissionError(errno.EACCES, "the file is read-only", str(source.path))
    handle, temporary = tempfile.mkstemp(
        dir=source.path.parent, prefix=f".{source.path.name}.", suffix=".sqla-async.tmp"
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, stat.S_IMODE(source.mode))
        _keep_owner(temporary, source.path)
        os.replace(temporary, source.path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
