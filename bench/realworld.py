"""Migrate copies of real apps with `sqla-async` and count what changed (issue 8).

    python bench/realworld.py PATH [PATH...] [--target async] [--jobs N] [--keep DIR]
                              [--markdown]

What: each PATH is the root of an app (the folder whose modules its imports name, e.g.
`backend/app` of the full-stack template). It is copied to a temporary folder, without
`.git`, `__pycache__`, `node_modules`, virtualenvs (any folder holding `pyvenv.cfg`) and
tool caches, so the checkout is never written. On the copy, one after the other:

- `sqla-async audit COPY --format json --target T --jobs N --root COPY`: the findings
  before, by rule;
- `sqla-async migrate COPY --apply --target T --jobs N --root COPY`: its wall time, exit
  code, the per-file errors it printed (`path:line:col: error: ...`), a traceback if it
  crashed, and the functions it reports as `kept sync: NAME: REASON`, grouped by reason
  (the names in backquotes are blanked, `; needed async by ...` dropped);
- the same audit again: the findings after.

Then, counted independently of the tool with the standard library's `ast`, in every
`.py` file of the copy before and after: legacy query chains (a call `<expr>.query(...)`
whose receiver looks like a session: its last name, or the callee's name when it is a
call, contains `session` or has a `db` / `sess` word, as in `db`, `self._db`,
`db_session`, `SessionLocal()`); 2.0 statements run on a session (`execute`, `scalars`,
`scalar`, `stream` on such a receiver, whose first argument is a `select()` /
`insert()` / `update()` / `delete()` chain, also as `sa_select` or `sa.select`, or a name
the module assigns one to); `session.get(Model, pk)` calls; `async def` functions. Four
checks of the result, each against the same check before, so only what the migration
broke counts: every file that compiled before (`compile()`, which also rejects an `await`
outside a coroutine) must compile after; every `from M import n` of one of the app's
modules M must find `n` bound at M's top level (or a submodule M.n); every name a file
reads must be bound somewhere in it or be a builtin (a missing import); no function the
migration made `async def` may be called without `await` (nor handed to `run_sync`,
which would call it with a sync session) — by name, so only for the functions whose name
the app defines once. The files whose bytes changed, appeared or disappeared are counted.

It prints one table row per app (Markdown with `--markdown`, else aligned text) and the
details below it: where the copy came from (its git commit), what the tool printed, where
query chains are left and what the audit says about each, the audit's findings after by
rule and message, and the functions kept sync. It exits 1 when a migration did not exit
0 or one of the four checks failed.

How it measures: each tool run is a fresh child process, timed from its start to its exit
with `time.perf_counter()`, interpreter start-up included, as a user sees it; runs never
overlap. The tool walks the copy (there is no `.git`, so no `.gitignore` applies).
"""

from __future__ import annotations

import argparse
import ast
import builtins
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.dont_write_bytecode = True  # no bench/__pycache__ in the checkout

SKIPPED = frozenset(
    {
        ".git",
        "__pycache__",
        "node_modules",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
    }
)
# Folders whose own name says nothing about the app they hold: the label adds the parent.
GENERIC_NAMES = frozenset({"app", "api", "backend", "server", "src", "service"})
SESSION_NAME = re.compile(r"session|(?:^|_)(?:db|sess)(?:_|$)", re.IGNORECASE)
STATEMENT_NAME = re.compile(r"^(?:sa_)?(?:select|insert|update|delete)$")
LOOP_RUNNERS = frozenset({"run", "gather", "create_task", "ensure_future", "wait_for", "shield"})
EXECUTE_METHODS = frozenset({"execute", "scalars", "scalar", "stream", "stream_scalars"})
AUDIT_OK = (0, 1)  # the audit exits 1 while findings remain, 2 when a file fails
KEPT_SYNC = re.compile(r"^kept sync: (?P<name>[^:\s]+): (?P<reason>.*)$")
FILE_ERROR = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<column>\d+): error: (?P<message>.*)$")
SCANNED = re.compile(r"(\d+) file\(s\) scanned")
BECAME_ASYNC = re.compile(r"async: (\d+) function\(s\) become coroutines")
SHOWN = 12  # examples listed per detail
MODULE_NAMES = frozenset(dir(builtins)) | {"__file__", "__path__", "__builtins__", "__class__"}


# -- counting with ast --------------------------------------------------------------------


@dataclass
class FileFacts:
    compiles: bool
    error: str = ""
    chains: list[int] = field(default_factory=list)  # line of each legacy query chain
    statements: int = 0
    gets: int = 0
    async_defs: int = 0
    # `from M import n`: (line, level, M, n), checked against the project's modules
    imports: list[tuple[int, int, str, str]] = field(default_factory=list)
    top_level: set[str] | None = None  # names the module binds; None: unknowable (`*`)
    unbound: dict[str, int] = field(default_factory=dict)  # name read, bound nowhere: line
    defs: dict[str, bool] = field(default_factory=dict)  # function name: is it `async def`
    # (callee's last name, line, awaited or handed to an event loop); a function handed
    # to `run_sync`, which calls it with a sync session, counts as a call not awaited
    calls: list[tuple[str, int, bool]] = field(default_factory=list)


def last_name(node: ast.AST) -> str:
    """`db` for `db`, `self.db`; `SessionLocal` for `SessionLocal()`."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Call):
        return last_name(node.func)
    return ""


def session_like(node: ast.AST) -> bool:
    return bool(SESSION_NAME.search(last_name(node)))


def is_statement(node: ast.AST, names: set[str]) -> bool:
    """`select(X).where(...)`, `sa.delete(X)`, or a name assigned such a chain."""
    while isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name):
            return bool(STATEMENT_NAME.match(func.id))
        if not isinstance(func, ast.Attribute):
            return False
        owner = func.value
        if (
            STATEMENT_NAME.match(func.attr)
            and isinstance(owner, ast.Name)
            and owner.id not in names
            and not session_like(owner)
        ):
            return True  # sa.select(...), sqlalchemy.delete(...)
        node = owner
    return isinstance(node, ast.Name) and node.id in names


def statement_names(tree: ast.AST) -> set[str]:
    """Names the module assigns a statement to anywhere (`q = select(X)`; `q = q.where()`)."""
    assigned = [
        (node.targets[0].id, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name)
    ]
    assigned += [
        (node.target.id, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value
    ]
    names: set[str] = set()
    while True:
        found = {name for name, value in assigned if is_statement(value, names)}
        if found <= names:
            return names
        names |= found


def session_call(node: ast.AST, methods: Iterable[str]) -> ast.Call | None:
    """`node` if it is a call of one of `methods` on a session-like receiver."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in methods
        and session_like(node.func.value)
    ):
        return node
    return None


def file_facts(data: bytes, name: str) -> FileFacts:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarning: invalid escape sequences
            compile(data, name, "exec", dont_inherit=True)
            tree = ast.parse(data, name)
    except (SyntaxError, ValueError) as error:
        line = getattr(error, "lineno", None)
        message = getattr(error, "msg", str(error))
        return FileFacts(False, f"line {line}: {message}" if line else message)
    facts, names = FileFacts(True), statement_names(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.AsyncFunctionDef):
            facts.async_defs += 1
        elif call := session_call(node, ("query",)):
            facts.chains.append(call.lineno)
        elif (call := session_call(node, EXECUTE_METHODS)) and call.args:
            facts.statements += is_statement(call.args[0], names)
        elif (call := session_call(node, ("get",))) and len(call.args) >= 2:
            facts.gets += 1
    facts.chains.sort()
    facts.imports = [
        (node.lineno, node.level, node.module or "", alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    ]
    facts.top_level = top_level_names(tree)
    facts.unbound = unbound_names(tree)
    facts.defs = {
        node.name: isinstance(node, ast.AsyncFunctionDef)
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    }
    facts.calls = calls_of(tree)
    return facts


def calls_of(tree: ast.Module) -> list[tuple[str, int, bool]]:
    """Every call by name or attribute, and whether its result is awaited (or handed to
    `asyncio.run()`, `gather()`, `create_task()`...); functions handed to `run_sync`."""
    awaited = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Await)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and last_name(node.func) in LOOP_RUNNERS:
            awaited.update(id(argument) for argument in node.args)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = last_name(node.func) if isinstance(node.func, (ast.Name, ast.Attribute)) else ""
        if name:
            found.append((name, node.lineno, id(node) in awaited))
        if name == "run_sync" and node.args:
            found.append((last_name(node.args[0]), node.lineno, False))
    return found


def binds(node: ast.AST) -> list[str]:
    """The names `node` binds, in whatever scope; `*` for a star import."""
    if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
        return [node.id]
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, ast.arg):
        return [node.arg]
    if isinstance(node, ast.Import):
        return [a.asname or a.name.split(".")[0] for a in node.names]
    if isinstance(node, ast.ImportFrom):
        return [a.asname or a.name for a in node.names]
    if isinstance(node, (ast.Global, ast.Nonlocal)):
        return list(node.names)
    if isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name:
        return [node.name]
    if isinstance(node, ast.MatchMapping) and node.rest:
        return [node.rest]
    return []


def top_level_names(tree: ast.Module) -> set[str] | None:
    """What `from this_module import name` can find (not descending into functions)."""
    names: set[str] = set()
    pending: list[ast.AST] = list(tree.body)
    while pending:
        node = pending.pop()
        names.update(binds(node))
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            pending += [child for child in ast.iter_child_nodes(node) if not is_scope(child)]
    return None if "*" in names or "__getattr__" in names else names


def is_scope(node: ast.AST) -> bool:
    scopes = (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
    return isinstance(node, scopes)


def unbound_names(tree: ast.Module) -> dict[str, int]:
    """Names read somewhere and bound nowhere in the file (nor builtins): a missing import.
    Loose on purpose: a name bound in any scope counts as bound everywhere."""
    bound, read = set(MODULE_NAMES), {}
    for node in ast.walk(tree):
        bound.update(binds(node))
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            read.setdefault(node.id, node.lineno)
    if "*" in bound:
        return {}
    return {name: line for name, line in read.items() if name not in bound}


def module_files(paths: Iterable[str]) -> dict[str, str]:
    """Dotted module name -> its file (a `src/` layout's modules also without `src.`)."""
    found: dict[str, str] = {}
    for path in paths:
        parts = path.removesuffix(".py").split("/")
        parts = parts[:-1] if parts[-1] == "__init__" else parts
        if parts:
            found[".".join(parts)] = path
            if parts[0] == "src" and len(parts) > 1:
                found.setdefault(".".join(parts[1:]), path)
    return found


def broken_imports(facts: dict[str, FileFacts]) -> dict[tuple[str, str], str]:
    """`from M import n` where M is a module of the app that binds no `n` and has no
    submodule `n`: {(file, 'M.n'): 'file:line: from M import n'}."""
    modules, broken = module_files(facts), {}
    for path, found in facts.items():
        package = path.removesuffix(".py").split("/")[:-1]
        for line, level, module, name in found.imports:
            base = package[: len(package) - level + 1] if level else []
            full = ".".join([*base, *([module] if module else [])])
            target = modules.get(full)
            if target is None or name == "*" or f"{full}.{name}" in modules:
                continue
            known = facts[target].top_level
            if known is not None and name not in known:
                broken[(path, f"{full}.{name}")] = f"{path}:{line}: from {full} import {name}"
    return broken


# -- the copy -----------------------------------------------------------------------------


def ignored(folder: str, names: list[str]) -> set[str]:
    """What `shutil.copytree` leaves out: VCS data, caches, dependencies, virtualenvs."""
    return {
        name
        for name in names
        if name in SKIPPED or os.path.isfile(os.path.join(folder, name, "pyvenv.cfg"))
    }


def snapshot(tree: Path) -> dict[str, bytes]:
    """The bytes of every `.py` file below `tree` (symbolic links are not followed)."""
    files = {}
    for folder, dirs, names in os.walk(tree):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder, name)
            if name.endswith(".py") and not path.is_symlink():
                files[path.relative_to(tree).as_posix()] = path.read_bytes()
    return files


def facts_of(files: dict[str, bytes]) -> dict[str, FileFacts]:
    return {path: file_facts(data, path) for path, data in files.items()}


def git_output(path: Path, *args: str) -> str:
    """What a read-only git command prints about the checkout holding `path` ("" if none)."""
    try:
        done = subprocess.run(
            ["git", "-C", str(path), *args], capture_output=True, text=True, check=False
        )
    except OSError:  # no git
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def git_origin(path: Path) -> str:
    """`URL @ COMMIT` of the checkout holding `path`, if it is one."""
    commit = git_output(path, "rev-parse", "HEAD")
    if not commit:
        return "not a git checkout"
    url = git_output(path, "config", "--get", "remote.origin.url")
    return f"{url or git_output(path, 'rev-parse', '--show-toplevel')} @ {commit}"


def labels(paths: Sequence[Path]) -> list[str]:
    """A short unique name for each app: its folder, with the parent's when generic."""
    found: list[str] = []
    for path in paths:
        name = path.name
        if name in GENERIC_NAMES or name in found:
            top = Path(git_output(path, "rev-parse", "--show-toplevel") or path.parent)
            name = f"{(path.parent if top == path else top).name}/{name}"
        while name in found:
            name += "'"
        found.append(name)
    return found


# -- the runs -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    argv: list[str]
    code: int
    seconds: float
    stdout: str
    stderr: str


def sqla_async() -> list[str]:
    executable = shutil.which("sqla-async")
    if executable is None:  # beside this interpreter (a venv not activated)
        executable = shutil.which("sqla-async", path=os.path.dirname(sys.executable))
    return [executable] if executable else [sys.executable, "-m", "codemods"]


def run(argv: list[str]) -> Run:
    env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "200"}
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
    seconds = time.perf_counter() - start
    return Run(argv, done.returncode, seconds, done.stdout, done.stderr)


@dataclass
class Audit:
    run: Run
    findings: list[dict[str, object]] = field(default_factory=list)
    problem: str = ""  # no report: why
    errors: list[str] = field(default_factory=list)  # files it could not audit

    def open_by_rule(self) -> Counter[str]:
        return Counter(str(f["rule"]) for f in self.findings if not f.get("allowed"))

    def allowed(self) -> int:
        return sum(bool(f.get("allowed")) for f in self.findings)


def audit(copy: Path, target: str, jobs: int) -> Audit:
    """The JSON report; also when the audit exits 2 (a file it could not read)."""
    argv = [*sqla_async(), "audit", str(copy), "--format", "json", "--target", target]
    done = run([*argv, "--jobs", str(jobs), "--root", str(copy)])
    errors = [line for line in done.stderr.splitlines() if FILE_ERROR.match(line)]
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        report = None
    if done.code not in (*AUDIT_OK, 2) or not isinstance(report, dict):
        return Audit(done, problem=f"exit {done.code}: {done.stderr.strip()[-1500:]}")
    return Audit(done, list(report.get("findings", [])), errors=errors)


def blank_names(reason: str) -> str:
    """The reason without its names: `shares sessions with `…`: opens its own ...`."""
    reason = reason.split("; needed async by ", 1)[0]
    return re.sub(r"`[^`]*`", "`…`", reason)


@dataclass
class Migration:
    run: Run
    errors: list[str] = field(default_factory=list)  # `path:line:col: error: ...`
    crash: str = ""
    kept_sync: dict[str, str] = field(default_factory=dict)  # function -> reason
    scanned: int | None = None
    became_async: int | None = None
    other: list[str] = field(default_factory=list)  # lines this script does not parse

    def kept_by_reason(self) -> Counter[str]:
        return Counter(blank_names(reason) for reason in self.kept_sync.values())


KNOWN_LINES = ("sqla-async: ", "audit after: ", "async: ", "tests: ", "not migrated in this run")


def migrate(copy: Path, target: str, jobs: int) -> Migration:
    argv = [*sqla_async(), "migrate", str(copy), "--apply", "--target", target]
    done = run([*argv, "--jobs", str(jobs), "--root", str(copy), "--no-color"])
    found = Migration(done)
    if "Traceback (most recent call last)" in done.stderr:
        found.crash = done.stderr[done.stderr.index("Traceback") :][-3000:]
    for line in done.stderr.splitlines():
        if kept := KEPT_SYNC.match(line):
            found.kept_sync[kept["name"]] = kept["reason"]
        elif FILE_ERROR.match(line):
            found.errors.append(line)
        elif line.strip() and not line.startswith(KNOWN_LINES) and not found.crash:
            found.other.append(line)
    if scanned := SCANNED.search(done.stderr):
        found.scanned = int(scanned.group(1))
    if became := BECAME_ASYNC.search(done.stderr):
        found.became_async = int(became.group(1))
    return found


# -- one app ------------------------------------------------------------------------------


@dataclass
class App:
    label: str
    source: Path
    origin: str
    copy: Path
    before: dict[str, FileFacts]
    after: dict[str, FileFacts]
    changed: list[str]
    audit_before: Audit
    migration: Migration
    audit_after: Audit
    kept: bool = False  # the copy stays (--keep)

    def total(self, facts: dict[str, FileFacts], what: str) -> int:
        values = [getattr(f, what) for f in facts.values()]
        return sum(len(v) if isinstance(v, list) else v for v in values)

    def broken(self) -> list[str]:
        """Files that compiled before and do not compile (or exist) after."""
        return [
            f"{path}: {self.after[path].error}" if path in self.after else f"{path}: removed"
            for path, facts in self.before.items()
            if facts.compiles and not (path in self.after and self.after[path].compiles)
        ]

    def new_broken_imports(self) -> list[str]:
        before, after = broken_imports(self.before), broken_imports(self.after)
        return [line for key, line in sorted(after.items()) if key not in before]

    def new_unbound(self) -> list[str]:
        """Names read and bound nowhere in a file after, that were not so before."""
        found = []
        for path, facts in self.after.items():
            old = self.before.get(path)
            for name, line in sorted(facts.unbound.items(), key=lambda item: item[1]):
                if not (old and name in old.unbound):
                    found.append(f"{path}:{line}: {name}")
        return found

    def unawaited(self) -> list[str]:
        """Calls left without `await` of a function the migration made `async def`, among
        the functions whose name the app defines once (a call by name or attribute is
        taken for a call of it): a coroutine nobody runs."""
        defined = Counter(name for facts in self.before.values() for name in facts.defs)
        became = {
            name
            for path, facts in self.after.items()
            for name, is_async in facts.defs.items()
            if is_async
            and defined[name] == 1
            and self.before.get(path, FileFacts(True)).defs.get(name) is False
        }
        return [
            f"{path}:{line}: {name}"
            for path, facts in self.after.items()
            for name, line, awaited in sorted(facts.calls, key=lambda call: call[1])
            if name in became and not awaited
        ]

    def failed(self) -> bool:
        broken = self.broken() or self.new_broken_imports() or self.new_unbound()
        broken = broken or self.unawaited()
        return self.migration.run.code != 0 or bool(broken)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def measure_app(label: str, source: Path, copy: Path, target: str, jobs: int) -> App:
    shutil.copytree(source, copy, ignore=ignored, symlinks=True)
    files = snapshot(copy)
    before = facts_of(files)
    log(f"{label}: {len(files)} .py files copied to {copy}; auditing")
    audit_before = audit(copy, target, jobs)
    log(f"{label}: migrating (--jobs {jobs})")
    migration = migrate(copy, target, jobs)
    log(f"{label}: migrate exited {migration.run.code} in {migration.run.seconds:.1f} s")
    result = snapshot(copy)
    after = facts_of(result)
    changed = sorted(p for p in files.keys() | result.keys() if files.get(p) != result.get(p))
    log(f"{label}: auditing the result")
    audit_after = audit(copy, target, jobs)
    origin = git_origin(source)
    return App(
        label, source, origin, copy, before, after, changed, audit_before, migration, audit_after
    )


# -- the report ---------------------------------------------------------------------------

COLUMNS = [
    "app",
    ".py files",
    "changed",
    "query chains before",
    "after",
    "execute(select) after",
    "get(X, pk) after",
    "async def added",
    "not compiling",
    "broken imports",
    "undefined names",
    "coroutines not awaited",
    "migrate s",
    "exit",
    "tool errors",
    "findings before",
    "findings after",
    "kept sync",
]


def by_rule(counts: Counter[str]) -> str:
    return ", ".join(f"{rule} {n}" for rule, n in sorted(counts.items())) or "none"


def findings_cell(found: Audit) -> str:
    return f"failed: {found.problem[:60]}" if found.problem else by_rule(found.open_by_rule())


def row(app: App) -> list[str]:
    migration = app.migration
    errors = len(migration.errors) + bool(migration.crash)
    async_added = app.total(app.after, "async_defs") - app.total(app.before, "async_defs")
    return [
        app.label,
        str(len(app.before)),
        str(len(app.changed)),
        str(app.total(app.before, "chains")),
        str(app.total(app.after, "chains")),
        str(app.total(app.after, "statements")),
        str(app.total(app.after, "gets")),
        str(async_added),
        str(len(app.broken())),
        str(len(app.new_broken_imports())),
        str(len(app.new_unbound())),
        str(len(app.unawaited())),
        f"{migration.run.seconds:.1f}",
        str(migration.run.code),
        str(errors),
        findings_cell(app.audit_before),
        findings_cell(app.audit_after),
        str(len(migration.kept_sync)),
    ]


def table(rows: list[list[str]], markdown: bool) -> list[str]:
    if markdown:
        lines = ["| " + " | ".join(COLUMNS) + " |"]
        lines.append("|" + "|".join("---" if i == 0 else "---:" for i in range(len(COLUMNS))) + "|")
        return lines + ["| " + " | ".join(cells) + " |" for cells in rows]
    widths = [max(len(c[i]) for c in [COLUMNS, *rows]) for i in range(len(COLUMNS))]

    def line(cells: list[str]) -> str:
        padded = (cell.ljust(width) for cell, width in zip(cells, widths, strict=True))
        return "  ".join(padded).rstrip()

    return [line(COLUMNS), line(["-" * w for w in widths]), *(line(c) for c in rows)]


def finding_at(found: Audit, path: str, line: int, rule: str) -> str:
    for finding in found.findings:
        if (finding.get("path"), finding.get("line"), finding.get("rule")) == (path, line, rule):
            return str(finding.get("message", ""))
    return "no SQA001 finding on this line"


def template(message: str) -> str:
    """A finding's message without its names, numbers and chains of calls, to group
    alike ones."""
    message = re.sub(r"; needed async by [^()]*", "", message)
    return re.sub(r"\d+", "N", re.sub(r"`[^`]*`", "`…`", message))


def chains_left(app: App) -> list[str]:
    left = [(path, line) for path, f in app.after.items() for line in f.chains]
    lines = []
    for path, line in left[:SHOWN]:
        lines.append(f"{path}:{line}: {finding_at(app.audit_after, path, line, 'SQA001')}")
    if len(left) > SHOWN:
        lines.append(f"... and {len(left) - SHOWN} more")
    return lines


def grouped_findings(found: Audit) -> list[str]:
    groups: Counter[tuple[str, str]] = Counter()
    example: dict[tuple[str, str], str] = {}
    for finding in found.findings:
        if finding.get("allowed"):
            continue
        key = (str(finding["rule"]), template(str(finding.get("message", ""))))
        groups[key] += 1
        example.setdefault(key, f"{finding.get('path')}:{finding.get('line')}")
    return shown(
        [
            f"{n} x {rule}: {message} (e.g. {example[(rule, message)]})"
            for (rule, message), n in groups.most_common()
        ]
    )


def kept_sync_lines(migration: Migration) -> list[str]:
    examples: dict[str, list[str]] = {}
    for name, reason in sorted(migration.kept_sync.items()):
        examples.setdefault(blank_names(reason), []).append(name)
    lines = []
    for reason, n in migration.kept_by_reason().most_common():
        shown = ", ".join(examples[reason][:3]) + (", ..." if n > 3 else "")
        lines.append(f"{n} x {reason} (e.g. {shown})")
    return lines


def unknown(value: int | None) -> str:
    return "?" if value is None else str(value)


def shown(lines: list[str]) -> list[str]:
    more = [f"... and {len(lines) - SHOWN} more"] if len(lines) > SHOWN else []
    return lines[:SHOWN] + more


def details(app: App, markdown: bool) -> list[str]:
    migration = app.migration
    tool = migration.scanned, migration.became_async
    sections: list[tuple[str, list[str]]] = [
        (
            "facts",
            [
                f"source: {app.source} ({app.origin})",
                f"copy: {app.copy}" + ("" if app.kept else " (removed afterwards)"),
                f"command: {' '.join(migration.run.argv)}",
                f"the tool scanned {unknown(tool[0])} file(s) and said {unknown(tool[1])} "
                "function(s) become coroutines",
                f"files that did not compile before (not checked): "
                f"{sum(not f.compiles for f in app.before.values())}",
                f"audits: {app.audit_before.run.seconds:.1f} s before, "
                f"{app.audit_after.run.seconds:.1f} s after; allowed findings "
                f"{app.audit_before.allowed()} before, {app.audit_after.allowed()} after",
                f"execute(select) before: {app.total(app.before, 'statements')}, "
                f"get(X, pk) before: {app.total(app.before, 'gets')}",
            ],
        ),
        ("files that no longer compile", app.broken()),
        ("imports of names the app's module does not define (new)", app.new_broken_imports()),
        ("names read but bound nowhere in the file (new)", app.new_unbound()[:SHOWN]),
        ("calls of functions made `async def`, not awaited", shown(app.unawaited())),
        ("per-file errors the tool printed", migration.errors),
        ("crash", migration.crash.splitlines()[-15:]),
        ("other lines the tool printed", migration.other[:SHOWN]),
        ("audit failures", [a.problem for a in (app.audit_before, app.audit_after) if a.problem]),
        ("files the audit after could not read", app.audit_after.errors),
        ("query chains left (with the audit's SQA001 message)", chains_left(app)),
        ("open findings after, by rule and message", grouped_findings(app.audit_after)),
        ("kept sync, by reason", kept_sync_lines(migration)),
    ]
    out = [f"### {app.label}" if markdown else f"== {app.label} =="]
    for title, lines in sections:
        if not lines:
            continue
        out.append(f"\n**{title}**\n" if markdown else f"{title}:")
        out += [f"- {line}" if markdown else f"  {line}" for line in lines]
    return [*out, ""]


def report(apps: Sequence[App], markdown: bool) -> list[str]:
    lines = [*table([row(app) for app in apps], markdown), ""]
    for app in apps:
        lines += details(app, markdown)
    return lines


# -- the command --------------------------------------------------------------------------


@contextlib.contextmanager
def workspace(keep: Path | None) -> Iterator[Path]:
    """Where the copies go: `keep`, or a temporary folder removed afterwards."""
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep.resolve()
        return
    with tempfile.TemporaryDirectory(prefix="sqla-async-realworld-") as temporary:
        yield Path(temporary)


def refuse_in_git(folder: Path) -> None:
    """Below a `.git` the tool lists files with git, and would not see an ignored copy."""
    folder = folder.resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            raise SystemExit(f"--keep {folder}: inside the git checkout {candidate}")


def options(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Migrate copies of real apps with sqla-async and count what changed."
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="an app's root")
    parser.add_argument("--target", choices=["async", "sync-2.0"], default="async")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--keep", type=Path, help="copy the apps here and keep the copies")
    parser.add_argument("--markdown", action="store_true", help="print Markdown")
    args = parser.parse_args(argv)
    for path in args.paths:
        if not path.is_dir():
            parser.error(f"{path}: not a folder")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = options(argv)
    if args.keep:
        refuse_in_git(args.keep)
    sources = [path.resolve() for path in args.paths]
    names = labels(sources)
    started, apps, load = time.perf_counter(), [], os.getloadavg()
    with workspace(args.keep) as folder:
        for label, source in zip(names, sources, strict=True):
            copy = folder / label.replace("/", "-")
            if copy.exists():
                raise SystemExit(f"{copy} exists: choose another --keep folder")
            apps.append(measure_app(label, source, copy, args.target, args.jobs))
            apps[-1].kept = args.keep is not None
        command = " ".join(["python bench/realworld.py", *(sys.argv[1:] if argv is None else argv)])
        elapsed = time.perf_counter() - started
        loads = f"load average {load[0]:.2f} at the start, {os.getloadavg()[0]:.2f} at the end"
        head = f"`{command}`: {elapsed:.0f} s in all; {os.cpu_count()} CPUs, {loads}"
        print(f"{head}\n")
        print("\n".join(report(apps, args.markdown)))
    return 1 if any(app.failed() for app in apps) else 0


if __name__ == "__main__":
    sys.exit(main())
