"""Run the engine over a project: read, index, migrate or audit in parallel, diff, write.

The index pass parses every project file once with the stdlib `ast` (fast, and it finds
syntax errors with CPython's own positions); only the files asked for then go to the
engine, in a process pool when there are enough of them. Results come back in path
order whatever the pool did, so output is deterministic.
"""

from __future__ import annotations

import ast
import difflib
import gc
import multiprocessing
import multiprocessing.forkserver
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from codemods.async_plan import plan_async
from codemods.async_report import deepest_chain, pending_awaits
from codemods.audit.allowlist import apply_allowlist
from codemods.audit.findings import RULE_CODES, Finding
from codemods.audit.report import AuditStatistics
from codemods.cache import AuditCache, FileResults
from codemods.callgraph import callers_of
from codemods.gc_tuning import collect_less, collecting_less
from codemods.index import ProjectIndex, build_index, sync_providers
from codemods.pytest_links import is_test
from codemods.results import AuditResult, MigrationResult, SourceError
from codemods.run_report import FileDiff, Mode, RunReport
from codemods.schemas_index import relational_responses
from codemods.settings import Settings
from codemods.workspace import (
    ChangedOnDiskError,
    FileError,
    ProjectFiles,
    SourceFile,
    read_project,
    write_atomically,
)

if TYPE_CHECKING:
    from codemods.audit.rules import Rule
    from codemods.formatting import BlackStyle
    from codemods.transforms import Transform

# How many times a run may plan the async conversion again after finding functions that
# must stay sync (each round only ever removes functions from the async set).
MAX_REPLANS = 5
# Below this many files a pool costs more (worker start-up, imports) than it saves.
MIN_FILES_FOR_POOL = 16
Progress = Callable[[int], None]


def _lines(text: str) -> list[str]:
    # Split on "\n" only: str.splitlines() would also split on form feeds and other
    # characters Python source may contain, and CRLF must stay inside its line.
    pieces = text.split("\n")
    lines = [piece + "\n" for piece in pieces[:-1]]
    return [*lines, pieces[-1]] if pieces[-1] else lines


def unified_diff(relpath: str, old: str, new: str) -> str:
    """A patch `git apply` accepts: a/ b/ headers, no-newline markers where due."""
    out = []
    for line in difflib.unified_diff(_lines(old), _lines(new), f"a/{relpath}", f"b/{relpath}"):
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _engine_error(relpath: str, error: SourceError) -> FileError:
    return FileError(relpath, error.message, error.line, error.column)


# -- workers -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Setup:
    """What every worker needs, shipped once per worker rather than once per file."""

    settings: Settings
    index: ProjectIndex
    # None: the registries (`TRANSFORMS`, `RULES`), which the engine imports where it
    # runs. With a pool, the process that hands out files and collects results then
    # never loads LibCST's codemod machinery, the transforms, the rules and black (about
    # a third of a second, all of it before the workers can start).
    transforms: tuple[type[Transform], ...] | None
    rules: tuple[type[Rule], ...] | None
    style: BlackStyle | None = None  # black's, for files black keeps formatted


_worker_setup: list[_Setup] = []


def _init_worker(setup: _Setup) -> None:
    _worker_setup[:] = [setup]


def _init_pool_worker(setup: _Setup) -> None:
    collect_less()
    _init_worker(setup)


def _process(task: tuple[Mode, str, str]) -> MigrationResult | AuditResult | SourceError:
    from codemods.engine import audit_source, migrate_source  # loaded once, where it runs

    mode, relpath, text = task
    setup = _worker_setup[0]
    if mode == "audit":
        return audit_source(
            text,
            setup.settings,
            setup.index,
            relpath=relpath,
            rules=_rules(setup),
            syntax_checked=True,
        )
    return migrate_source(
        text,
        setup.settings,
        setup.index,
        relpath=relpath,
        transforms=_transforms(setup),
        rules=_rules(setup),
        syntax_checked=True,
        style=setup.style,
    )


def _transforms(setup: _Setup) -> tuple[type[Transform], ...]:
    if setup.transforms is not None:
        return setup.transforms
    from codemods.transforms import TRANSFORMS

    return TRANSFORMS


def _rules(setup: _Setup) -> tuple[type[Rule], ...]:
    if setup.rules is not None:
        return setup.rules
    from codemods.audit.rules import RULES

    return RULES


def _pool_context() -> multiprocessing.context.BaseContext:
    # Not "fork": the Rich progress bar runs a thread, and forking with threads can
    # deadlock. The forkserver starts workers from a clean process with the engine
    # already imported.
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["codemods.engine"])
        return context
    return multiprocessing.get_context("spawn")


def _start_pool_server() -> None:
    """Start the forkserver now, so that it imports the engine on another core while
    this process builds the index; the pool's workers then fork from it ready to run."""
    if _pool_context().get_start_method() == "forkserver":
        multiprocessing.forkserver.ensure_running()


def _run_engine(
    tasks: list[tuple[Mode, str, str]],
    jobs: int,
    setup: _Setup,
    progress: Progress | None,
) -> Iterator[MigrationResult | AuditResult | SourceError]:
    if jobs <= 1 or len(tasks) < MIN_FILES_FOR_POOL:
        _init_worker(setup)
        results: Iterable[MigrationResult | AuditResult | SourceError] = map(_process, tasks)
        for result in results:
            yield result
            if progress:
                progress(1)
        return
    chunk = max(1, min(8, len(tasks) // (jobs * 8)))
    with ProcessPoolExecutor(jobs, _pool_context(), _init_pool_worker, (setup,)) as pool:
        for result in pool.map(_process, tasks, chunksize=chunk):
            yield result
            if progress:
                progress(1)


# -- the run -------------------------------------------------------------------------


@dataclass
class _Prepared:
    targets: list[SourceFile]
    index: ProjectIndex
    errors: list[FileError]
    scanned: int


def _parse_for_index(source: SourceFile) -> ast.Module | FileError:
    try:
        return ast.parse(source.text, source.relpath)
    except SyntaxError as error:
        return FileError(source.relpath, error.msg, error.lineno or 1, error.offset or 1)
    except (ValueError, RecursionError, MemoryError) as error:
        return FileError(source.relpath, f"cannot parse: {error}")


def prepare(
    paths: Sequence[Path], root: Path, settings: Settings, files: ProjectFiles | None = None
) -> _Prepared:
    """Index every project file, keep the targets that parsed. The files are read here,
    unless the caller read them already (`files`: the cache keys a run by their bytes)."""
    files = read_project(paths, root, settings.exclude) if files is None else files
    parsed, kept, errors, texts = [], [], [], {}
    for source in files.files:
        tree = source if isinstance(source, FileError) else _parse_for_index(source)
        if isinstance(tree, FileError):
            if source.relpath in files.targets:
                errors.append(tree)
            continue
        assert isinstance(source, SourceFile)
        parsed.append((source.relpath, source.path, tree))
        texts[source.relpath] = source.text
        if source.relpath in files.targets:
            kept.append(source)
    index = _query_flow_within(build_index(parsed, root, settings, texts), kept, settings)
    kept.sort(key=lambda s: s.relpath)
    return _Prepared(kept, index, errors, len(files.targets))


def _query_flow_within(
    index: ProjectIndex, targets: Sequence[SourceFile], settings: Settings
) -> ProjectIndex:
    """Keep the query builders and receivers whose every caller is migrated in this run
    too: a `select()` handed to, or returned to, code still written for a Query breaks it."""
    migrated = {source.relpath for source in targets}
    defined = {function.name: function.relpath for function in index.functions}
    callers = {
        callee: {caller.relpath for caller, _ in sites}
        for callee, sites in callers_of(index.functions).items()
    }

    def kept(name: str) -> bool:
        return callers.get(name, set()) <= migrated and defined.get(name) in migrated

    dropped = {name for name in [*index.query_builders, *index.query_receivers] if not kept(name)}
    return _replanned(index, settings, dropped, {}) if dropped else index


def _audited_texts(
    targets: Sequence[SourceFile],
    results: Sequence[MigrationResult | AuditResult | SourceError],
    root: Path,
) -> dict[str, str]:
    """The text each file's findings refer to (the migrated code, where it changed), and
    the project's pyproject.toml, whose `allow` entries findings may point at."""
    texts = {
        source.relpath: result.code if isinstance(result, MigrationResult) else source.text
        for source, result in zip(targets, results, strict=True)
        if not isinstance(result, SourceError)
    }
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        texts["pyproject.toml"] = pyproject.read_text(encoding="utf-8", errors="replace")
    return texts


def _statistics(
    targets: Sequence[SourceFile], index: ProjectIndex, findings: Sequence[Finding]
) -> AuditStatistics:
    """The project's shape for the report: files, entry points and how many are async,
    and the source line of each finding."""
    audited = {source.relpath: source for source in targets}
    entry = [
        function
        for function in index.functions
        if function.name in index.entry_points and function.relpath in audited
    ]
    snippets = {}
    for finding in findings:
        lines = audited[finding.path].text.split("\n") if finding.path in audited else []
        if 0 < finding.line <= len(lines):
            snippets[(finding.path, finding.line)] = lines[finding.line - 1].rstrip()
    return AuditStatistics(
        tuple(sorted(audited)), len(entry), sum(f.is_async for f in entry), snippets
    )


def _kept_sync(relpath: str, index: ProjectIndex, settings: Settings) -> bool:
    return settings.keeps_sync(index.module_name_of(relpath))


def _allow_kept_sync(finding: Finding, index: ProjectIndex, settings: Settings) -> Finding:
    """What a module `keep-sync` lists does is its own business: shown, but allowed."""
    if finding.allowed or not _kept_sync(finding.path, index, settings):
        return finding
    return replace(finding, allowed=True, reason="the module is listed in `keep-sync`")


def _write(source: SourceFile, code: str) -> FileError | None:
    try:
        data = source.encode(code)
    except UnicodeEncodeError as error:
        return FileError(source.relpath, f"the migrated code cannot be encoded as {error.encoding}")
    try:
        write_atomically(source, data)
    except ChangedOnDiskError:
        return FileError(source.relpath, "changed on disk while being migrated; not written")
    except OSError as error:
        return FileError(source.relpath, f"cannot write: {error.strerror or error}")
    return None


def _collect(
    report: RunReport,
    source: SourceFile,
    result: MigrationResult | AuditResult | SourceError,
) -> None:
    if isinstance(result, SourceError):
        report.errors.append(_engine_error(source.relpath, result))
        return
    report.findings.extend(result.findings)
    if not isinstance(result, MigrationResult) or not result.changed:
        return
    if report.mode == "apply" and (error := _write(source, result.code)) is not None:
        report.errors.append(error)
        return
    report.changed.append(source.relpath)
    report.counts.update(result.counts)
    if report.mode == "diff":
        encoding = "utf-8" if source.encoding == "utf-8-sig" else source.encoding
        diff = unified_diff(source.relpath, source.text, result.code)
        report.diffs.append(FileDiff(source.relpath, diff, encoding))


@collecting_less()
def run(
    paths: Sequence[Path],
    root: Path,
    settings: Settings,
    mode: Mode,
    *,
    jobs: int = 1,
    transforms: tuple[type[Transform], ...] | None = None,
    rules: tuple[type[Rule], ...] | None = None,
    progress_factory: Callable[[int], Progress | None] | None = None,
    format_code: bool = True,
    files: ProjectFiles | None = None,
    cache: AuditCache | None = None,
) -> RunReport:
    """`format_code`: format migrated files with the project's black style where black
    kept them formatted before (`formatting.py`). `files`: the project as already read;
    `cache`: where an audit finds and keeps each file's result (`cache.py`), and where a
    migration finds those of the files it leaves as they are (it only reads)."""
    files = read_project(paths, root, settings.exclude) if files is None else files
    if jobs > 1 and len(files.targets) >= MIN_FILES_FOR_POOL:
        _start_pool_server()
    prepared = prepare(paths, root, settings, files)
    gc.freeze()  # the index lives through the run: no collection need walk it
    style = _black_style(root) if format_code and mode != "audit" else None
    report = RunReport(mode, scanned=prepared.scanned, errors=list(prepared.errors))
    if mode != "audit":  # modules `keep-sync` lists stay as they are (still audited)
        kept = [s for s in prepared.targets if not _kept_sync(s.relpath, prepared.index, settings)]
        prepared = replace(prepared, targets=kept)
    progress = progress_factory(len(prepared.targets)) if progress_factory else None
    index, blocked, rejected = prepared.index, dict[str, str](), set[str]()
    known = None if cache is None else cache.file_results(settings, _names(rules))
    engine_round = partial(_engine_round, mode, prepared.targets, jobs, known=known)
    results = engine_round(_Setup(settings, index, transforms, rules, style), progress)
    for _ in range(MAX_REPLANS):
        # A query builder or receiver a caller needs unchanged, or a function planned async that
        # kept a legacy query: plan again without them (each round only removes).
        disproved = set().union(
            *(r.disproved for r in results if isinstance(r, MigrationResult | AuditResult))
        )
        conflicts = _async_conflicts(results, index, blocked)
        if not disproved - rejected and not conflicts:
            break
        rejected |= disproved
        blocked.update(conflicts)
        index = _replanned(index, settings, rejected, blocked)
        results = engine_round(_Setup(settings, index, transforms, rules, style), None)
    if known is not None and mode == "audit":
        # A migration only reads: what it wrote would be keyed by an index its own
        # changes make stale, and a dry run or a check writes nothing.
        known.flush()
    for source, result in zip(prepared.targets, results, strict=True):
        _collect(report, source, result)
    report.findings = [_allow_kept_sync(f, index, settings) for f in report.findings]
    texts = _audited_texts(prepared.targets, results, root)
    report.findings = apply_allowlist(report.findings, texts, settings)
    if mode == "audit":
        report.statistics = _statistics(prepared.targets, index, report.findings)
        codes = RULE_CODES if rules is None else (rule.CODE for rule in rules)
        report.rules_checked = tuple(dict.fromkeys(codes))
    _describe_plan(report, index, {source.relpath for source in prepared.targets})
    report.errors.sort(key=lambda e: e.relpath)
    report.findings.sort(key=Finding.sort_key)
    return report


def _names(rules: Iterable[type[Rule]] | None) -> tuple[str, ...]:
    if rules is None:  # the registry: the cache's key holds the package's own source
        return ("codemods.audit.rules.RULES",)
    return tuple(f"{rule.__module__}.{rule.__qualname__}" for rule in rules)


def _black_style(root: Path) -> BlackStyle:
    from codemods.formatting import project_style  # black: only a migration formats

    return project_style(root)


def _engine_round(
    mode: Mode,
    targets: Sequence[SourceFile],
    jobs: int,
    setup: _Setup,
    progress: Progress | None,
    known: FileResults | None,
) -> list[MigrationResult | AuditResult | SourceError]:
    """The engine's result for every target, in order. With `known` results (the audit
    cache), the audits are looked up first: every file of an audit, the files a migration
    leaves as they are (migrating one is auditing it); only the rest go to the engine."""
    if known is None:
        tasks = [(mode, source.relpath, source.text) for source in targets]
        return list(_run_engine(tasks, jobs, setup, progress))
    index_key = known.index_key(setup.index)
    audited = {s.relpath for s in targets if mode == "audit" or _untouched(s, setup)}
    found: dict[str, MigrationResult | AuditResult | SourceError] = {
        s.relpath: r
        for s in targets
        if s.relpath in audited and (r := known.get(s, index_key)) is not None
    }
    if progress and found:
        progress(len(found))
    missing = [source for source in targets if source.relpath not in found]
    tasks = [("audit" if s.relpath in audited else mode, s.relpath, s.text) for s in missing]
    for source, result in zip(missing, _run_engine(tasks, jobs, setup, progress), strict=True):
        if not isinstance(result, MigrationResult):
            known.put(source, index_key, result)
        found[source.relpath] = result
    return [_as_migrated(mode, source, found[source.relpath]) for source in targets]


def _untouched(source: SourceFile, setup: _Setup) -> bool:
    from codemods.engine import wanted_transforms

    settings, index, transforms = setup.settings, setup.index, _transforms(setup)
    return not wanted_transforms(source.text, source.relpath, settings, index, transforms)


def _as_migrated(
    mode: Mode, source: SourceFile, result: MigrationResult | AuditResult | SourceError
) -> MigrationResult | AuditResult | SourceError:
    """In a migration, what `migrate_source` gives for a file no transform changes: its
    audit, and the text as it is."""
    if mode == "audit" or not isinstance(result, AuditResult):
        return result
    return MigrationResult(source.text, False, {}, result.findings, result.disproved)


def _describe_plan(report: RunReport, index: ProjectIndex, migrated: set[str]) -> None:
    plan = index.async_plan
    report.kept_sync = plan.kept_sync
    if report.mode == "audit" or not (plan.becomes_async or plan.async_sessions):
        return
    defined = {function.name: function.relpath for function in index.functions}
    report.became_async = sum(defined.get(name) in migrated for name in plan.becomes_async)
    report.deepest_chain = deepest_chain(index.functions, plan)
    report.pending_awaits = pending_awaits(index.functions, plan, migrated)
    report.async_tests = sum(
        1
        for f in index.functions
        if f.name in plan.becomes_async and f.relpath in migrated and (f.fixture or is_test(f))
    )
    if report.async_tests:
        report.test_advice = index.pytest.advice()


def _replanned(
    index: ProjectIndex, settings: Settings, rejected: set[str], blocked: Mapping[str, str]
) -> ProjectIndex:
    builders = {k: v for k, v in index.query_builders.items() if k not in rejected}
    receivers = {k: v for k, v in index.query_receivers.items() if k not in rejected}
    plan = index.async_plan
    if settings.target == "async":
        always = {**index.always_blocked, **blocked}
        plan = plan_async(
            index.functions,
            always,
            builders,
            receivers,
            index.session_twins,
            index.keep_sync,
            relational_responses(index.functions, index.schemas),
            sync_providers(index.functions, settings),
        )
    return replace(index, query_builders=builders, query_receivers=receivers, async_plan=plan)


def _async_conflicts(
    results: Sequence[MigrationResult | AuditResult | SourceError],
    index: ProjectIndex,
    blocked: Mapping[str, str],
) -> dict[str, str]:
    """Functions planned async whose legacy queries stayed legacy: why each must stay sync.

    `migrate` reads the re-audit of what it wrote; `audit` reads the code as it is, where
    only the queries `migrate` would leave (not fixable) keep a function sync: both must
    judge the same functions sync (else the audit claims `await`s no run would write)."""
    planned = set(index.async_plan.async_sessions)
    conflicts: dict[str, str] = {}
    for result in results:
        if not isinstance(result, MigrationResult | AuditResult):
            continue
        for finding in result.findings:
            left = isinstance(result, MigrationResult) or not finding.fixable
            if left and finding.rule == "SQA001" and finding.function in planned - set(blocked):
                reason = finding.detail or "it could not be rewritten"
                conflicts.setdefault(finding.function, f"keeps a legacy query: {reason}")
    return conflicts


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
