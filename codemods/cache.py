"""The audit cache: `.sqla-async-cache/` at the project root, so that a repeated audit
(pre-commit, CI, an editor) does only the work a change calls for.

Two levels, each keyed by everything its result depends on, so that a hit prints what a
fresh run would:

- the whole run: the tool, the settings, the paths asked for, and the bytes (sha256) of
  every file the index reads and of the configuration files it consults; a hit hands back
  the stored report without parsing anything, or even loading the engine (`cached_audit`);
- each file: the tool, the settings, the rules, the file's bytes and the fingerprint of the
  project index its engine round ran with (`FileResults`); after an edit that changes no
  fact of the index, only the edited file goes to the engine again.

Entries are JSON, never pickles (whoever can write the checkout can write this folder, and
loading a pickle runs code), written to a temporary file and renamed into place. An entry
that cannot be read or decoded, or that another format or version wrote, is a miss; a
folder that cannot be written is no cache. This module loads nothing heavy at import: a
whole-run hit must fit in the second the audit of an unchanged 1,000-file project has.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields, is_dataclass
from enum import Enum
from functools import cache
from pathlib import Path, PurePath, PurePosixPath
from typing import Any, TypeVar

from codemods import __version__
from codemods.audit.findings import Finding
from codemods.audit.report import AuditStatistics
from codemods.pytest_setup import setup_files
from codemods.results import AuditResult, SourceError
from codemods.run_report import RunReport
from codemods.settings import Settings
from codemods.workspace import FileError, ProjectFiles, SourceFile, read_project, relative_to_root

CACHE_DIR = ".sqla-async-cache"
FORMAT = 1  # bump when an entry's layout or encoding changes
GITIGNORE = "# Created by sqla-async: everything in this folder is a cache.\n*\n"
RUN_ENTRIES = 16  # whole-run entries kept (one per settings and paths asked for)
ROUNDS_PER_FILE = 8  # index fingerprints a file's entry keeps a result for
# The RunReport fields an audit fills in (stored), and those it leaves empty: a report
# with one of those set is not stored, as its entry would lose it.
STORED_FIELDS = frozenset(
    {"mode", "scanned", "findings", "errors", "kept_sync", "statistics", "rules_checked"}
)
EMPTY_IN_AUDIT = frozenset(
    {
        "changed",
        "diffs",
        "counts",
        "became_async",
        "deepest_chain",
        "pending_awaits",
        "async_tests",
        "test_advice",
    }
)
Json = dict[str, Any]
T = TypeVar("T")


# -- fingerprints -------------------------------------------------------------------------


def canonical(value: object) -> str:
    """A text that equal values share in every process: dataclasses field by field,
    mappings and sets sorted by this text of their items, sequences in order.

    Not `hash()` (salted per process: PYTHONHASHSEED) and not a pickle (a set pickles in
    its iteration order, which the salt decides). A type it does not know is an error
    rather than a guess, so a new kind of index fact cannot go unfingerprinted."""
    write = _WRITERS.get(type(value))
    return write(value) if write is not None else _canonical_other(value)


def _sequence(value: Sequence[object]) -> str:
    return "(" + ",".join(map(canonical, value)) + ")"


def _set(value: frozenset[object] | set[object]) -> str:
    return "set(" + ",".join(sorted(map(canonical, value))) + ")"


def _mapping(value: Mapping[object, object]) -> str:
    items = sorted(f"{canonical(key)}:{canonical(item)}" for key, item in value.items())
    return "{" + ",".join(items) + "}"


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    if cls not in _FIELD_NAMES:
        _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))
    return _FIELD_NAMES[cls]


def _dataclass(value: object) -> str:
    cls = type(value)
    inner = ",".join(f"{name}={canonical(getattr(value, name))}" for name in _field_names(cls))
    return f"{cls.__module__}.{cls.__qualname__}({inner})"


def _canonical_other(value: object) -> str:
    if is_dataclass(value) and not isinstance(value, type):
        return _dataclass(value)
    if isinstance(value, Enum):
        return f"{type(value).__module__}.{type(value).__qualname__}.{value.name}"
    if isinstance(value, PurePath):
        return f"path({value.as_posix()!r})"
    if isinstance(value, Mapping):
        return _mapping(value)
    if isinstance(value, set | frozenset):
        return _set(value)
    if isinstance(value, tuple | list):
        return _sequence(value)
    raise TypeError(f"cannot fingerprint a {type(value).__qualname__}: teach cache.canonical")


# repr is exact for these, and tells them apart: 1, '1', True, None, 1.0
_WRITERS: dict[type, Callable[[Any], str]] = {
    str: repr,
    int: repr,
    bool: repr,
    float: repr,
    type(None): repr,
    tuple: _sequence,
    list: _sequence,
    frozenset: _set,
    set: _set,
    dict: _mapping,
}


def fingerprint(value: object) -> str:
    return _sha256(canonical(value))


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class IndexFingerprints:
    """The fingerprint of each engine round's project index. A replanned index shares most
    fields with the one before it (`dataclasses.replace`): their digests are reused."""

    def __init__(self) -> None:
        self._fields: dict[str, tuple[object, str]] = {}

    def __call__(self, index: object) -> str:
        names = _field_names(type(index))
        return _sha256(";".join(self._field(name, getattr(index, name)) for name in names))

    def _field(self, name: str, value: object) -> str:
        seen = self._fields.get(name)
        if seen is None or seen[0] is not value:  # holding the value keeps its id unique
            seen = self._fields[name] = (value, fingerprint(value))
        return f"{name}={seen[1]}"


@cache
def tool_identity() -> str:
    """The version, and a digest of the package's own source (an editable install changes
    without a new version) and of what parses for it: Python and LibCST."""
    digest = hashlib.sha256(f"{__version__}\0{sys.implementation.name}\0{sys.version}".encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(f"\0{path.relative_to(package).as_posix()}\0".encode())
        digest.update(path.read_bytes())
    spec = importlib.util.find_spec("libcst")  # finds it without importing it
    if spec is not None and spec.origin is not None:
        with contextlib.suppress(OSError):
            digest.update(Path(spec.origin).with_name("_version.py").read_bytes())
    return digest.hexdigest()


# -- the key of a whole run ---------------------------------------------------------------


@dataclass(frozen=True)
class RunKey:
    entry: str  # names the entry: the settings and the paths asked for
    digest: str  # everything the report depends on


def run_key(paths: Sequence[Path], root: Path, settings: Settings, files: ProjectFiles) -> RunKey:
    """What a whole audit's report depends on: the tool, the settings, the paths asked for,
    each file's bytes (and whether it was asked for), and what the index reads on disk."""
    asked = tuple(relative_to_root(Path(os.path.abspath(p)), root) for p in paths)
    states = tuple((f.relpath, f.relpath in files.targets, _state(f)) for f in files.files)
    everything = (FORMAT, tool_identity(), settings, asked, states)
    extra = (_package_markers(files, root), _setup_states(root))
    return RunKey(fingerprint((settings, asked)), fingerprint((*everything, *extra)))


def _state(file: SourceFile | FileError) -> str:
    """A file's bytes, or why it could not be read: the error is all the run reports of it."""
    return file.digest if isinstance(file, SourceFile) else f"error: {file.render()}"


def _package_markers(files: ProjectFiles, root: Path) -> dict[str, bool]:
    """Which folders hold an `__init__.py`: the index reads that on disk to name modules
    (`index.source_root`), also where the file is excluded from the run."""
    folders = {folder for f in files.files for folder in PurePosixPath(f.relpath).parents}
    return {folder.as_posix(): (root / folder / "__init__.py").is_file() for folder in folders}


def _setup_states(root: Path) -> dict[str, str | None]:
    """The configuration files the index and the allowlist read besides the code."""
    return {path.relative_to(root).as_posix(): _file_digest(path) for path in setup_files(root)}


def _file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


# -- the folder ---------------------------------------------------------------------------


class AuditCache:
    """The cache folder of one project root."""

    def __init__(self, root: Path) -> None:
        self.folder = root / CACHE_DIR

    def load_report(self, key: RunKey) -> RunReport | None:
        entry = _read_json(self._run_path(key))
        if entry is None or entry.get("key") != key.digest:
            return None
        return _decoded(_report_from_json, entry.get("report"))

    def save_report(self, key: RunKey, report: RunReport) -> None:
        if report.mode != "audit" or any(getattr(report, name) for name in EMPTY_IN_AUDIT):
            return
        self.write(self._run_path(key), {"key": key.digest, "report": _report_json(report)})
        _keep_newest(self._run_path(key).parent, RUN_ENTRIES)

    def file_results(self, settings: Settings, rules: Sequence[str]) -> FileResults:
        return FileResults(self, fingerprint((settings, tuple(rules))))

    def _run_path(self, key: RunKey) -> Path:
        return self.folder / "runs" / f"{key.entry}.json"

    def write(self, path: Path, entry: Json) -> None:
        """Write `entry` in one rename; a folder that cannot be written is no cache."""
        with contextlib.suppress(OSError):
            self._create_folder()
            path.parent.mkdir(exist_ok=True)
            _write_atomically(path, json.dumps({"format": FORMAT, **entry}))

    def _create_folder(self) -> None:
        self.folder.mkdir(exist_ok=True)
        gitignore = self.folder / ".gitignore"
        if not gitignore.is_file():
            _write_atomically(gitignore, GITIGNORE)


def _write_atomically(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _read_json(path: Path) -> Json | None:
    """The entry at `path`, or None when it is missing, unreadable or of another format."""
    try:
        entry = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return None
    return entry if isinstance(entry, dict) and entry.get("format") == FORMAT else None


def _decoded(decode: Callable[[Any], T], data: object) -> T | None:
    """`decode(data)`, or None for data that does not have the shape it wrote."""
    try:
        return decode(data)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _keep_newest(folder: Path, count: int) -> None:
    """Drop all but the newest entries: each set of paths asked for writes its own, and
    pre-commit names other files every time."""
    with contextlib.suppress(OSError):
        entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns)
        for stale in entries[:-count]:
            stale.unlink(missing_ok=True)


# -- per file -----------------------------------------------------------------------------


class FileResults:
    """The engine's result for each file, by the file's bytes and the round's index.

    Looked up and recorded round by round in memory (a run may replan the index several
    times), written when the run ends (`flush`): one entry per file, holding the results
    for the last few index fingerprints."""

    def __init__(self, cache: AuditCache, scope: str) -> None:
        self._cache = cache
        self._scope = scope  # the settings and the rules
        self._entries: dict[str, Json] = {}
        self._changed: set[str] = set()
        self.index_key = IndexFingerprints()

    def get(self, source: SourceFile, index_key: str) -> AuditResult | SourceError | None:
        stored = self._entry(source)["results"].get(index_key)
        return None if stored is None else _decoded(_result_from_json, stored)

    def put(self, source: SourceFile, index_key: str, result: AuditResult | SourceError) -> None:
        results = self._entry(source)["results"]
        results[index_key] = _result_json(result)
        for oldest in list(results)[:-ROUNDS_PER_FILE]:
            del results[oldest]
        self._changed.add(source.relpath)

    def flush(self) -> None:
        for relpath in sorted(self._changed):
            self._cache.write(self._path(relpath), self._entries[relpath])
        self._changed.clear()

    def _path(self, relpath: str) -> Path:
        return self._cache.folder / "files" / f"{fingerprint((self._scope, relpath))}.json"

    def _entry(self, source: SourceFile) -> Json:
        """The file's entry, read once; a fresh one when it was written for other bytes."""
        if source.relpath not in self._entries:
            fresh = {"tool": tool_identity(), "relpath": source.relpath, "digest": source.digest}
            entry = _read_json(self._path(source.relpath)) or {}
            same = all(entry.get(key) == value for key, value in fresh.items())
            results = entry.get("results")
            valid = same and isinstance(results, dict)
            self._entries[source.relpath] = {**fresh, "results": results if valid else {}}
        return self._entries[source.relpath]


# -- encoding -----------------------------------------------------------------------------


def _scalars(data: object) -> Json:
    """A JSON object of plain values, as a flat dataclass (Finding, FileError) encodes."""
    if not isinstance(data, dict) or not all(
        isinstance(value, str | int | bool) for value in data.values()
    ):
        raise ValueError("not a flat object")
    return data


def _finding(data: object) -> Finding:
    return Finding(**_scalars(data))


def _report_json(report: RunReport) -> Json:
    statistics = report.statistics
    return {
        "scanned": report.scanned,
        "findings": [asdict(finding) for finding in report.findings],
        "errors": [asdict(error) for error in report.errors],
        "kept_sync": dict(report.kept_sync),
        "files": list(statistics.files),
        "path_operations": statistics.path_operations,
        "async_path_operations": statistics.async_path_operations,
        "snippets": [[path, line, text] for (path, line), text in statistics.snippets.items()],
        "rules_checked": list(report.rules_checked),
    }


def _report_from_json(data: Json) -> RunReport:
    statistics = AuditStatistics(
        tuple(map(str, data["files"])),
        int(data["path_operations"]),
        int(data["async_path_operations"]),
        {(str(path), int(line)): str(text) for path, line, text in data["snippets"]},
    )
    return RunReport(
        "audit",
        scanned=int(data["scanned"]),
        findings=[_finding(item) for item in data["findings"]],
        errors=[FileError(**_scalars(item)) for item in data["errors"]],
        kept_sync={str(name): str(why) for name, why in data["kept_sync"].items()},
        statistics=statistics,
        rules_checked=tuple(map(str, data["rules_checked"])),
    )


def _result_json(result: AuditResult | SourceError) -> Json:
    if isinstance(result, SourceError):
        return {"error": asdict(result)}
    return {
        "findings": [asdict(finding) for finding in result.findings],
        "disproved": sorted(result.disproved),
    }


def _result_from_json(data: Json) -> AuditResult | SourceError:
    if "error" in data:
        return SourceError(**_scalars(data["error"]))
    findings = tuple(_finding(item) for item in data["findings"])
    return AuditResult(findings, frozenset(map(str, data["disproved"])))


# -- the cached audit ---------------------------------------------------------------------


def cached_audit(
    paths: Sequence[Path],
    root: Path,
    settings: Settings,
    *,
    jobs: int | None = None,
    progress_factory: Callable[[int], Callable[[int], None] | None] | None = None,
) -> RunReport:
    """`runner.run(..., "audit")` through the cache: the stored report of a run with the
    same key, else the run (its rounds look each file up), stored for the next time."""
    files = read_project(paths, root, settings.exclude)
    audit_cache = AuditCache(root)
    key = run_key(paths, root, settings, files)
    report = audit_cache.load_report(key)
    if report is not None:
        return report
    # Loaded only now: LibCST, black and the rules take half a second to import.
    from codemods.runner import default_jobs, run

    report = run(
        paths,
        root,
        settings,
        "audit",
        jobs=jobs or default_jobs(),
        progress_factory=progress_factory,
        files=files,
        cache=audit_cache,
    )
    audit_cache.save_report(key, report)
    return report
