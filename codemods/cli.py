"""The command line: options -> settings -> run -> print -> exit code. Nothing else."""

from __future__ import annotations

import inspect
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from codemods import __version__
from codemods.audit import allowlist
from codemods.audit.allowlist import INVALID_ALLOW_RULE
from codemods.audit.findings import CATALOGUE, RULE_FIXES, RULE_NAMES
from codemods.audit.report import FORMATS, RENDERERS, AuditSummary
from codemods.cache import AuditCache, cached_audit
from codemods.gitops import BranchError, migrate_in_branch
from codemods.run_report import Mode, RunReport
from codemods.settings import (
    FIRST_STYLES,
    TARGETS,
    Settings,
    SettingsError,
    load_settings,
    settings_from_table,
)
from codemods.workspace import UsageError, find_root

app = typer.Typer(
    name="sqla-async",
    help="Migrate FastAPI + SQLAlchemy code from the sync Session and legacy Query API to "
    "AsyncSession and select(), then audit what is left.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
stderr = Console(stderr=True, highlight=False)
PROGRESS_THRESHOLD = 20

PathsArg = Annotated[list[Path], typer.Argument(help="Files or directories.", show_default=False)]
RootOpt = Annotated[
    Optional[Path],  # noqa: UP045 - Typer reads the annotation at runtime on 3.10
    typer.Option("--root", help="Project root (default: nearest pyproject.toml or .git)."),
]
JobsOpt = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option("--jobs", "-j", min=1, help="Worker processes (default: CPU count)."),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")]
ExcludeOpt = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option("--exclude", help="Glob to skip (repeatable; adds to the config's)."),
]
SessionNameOpt = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option("--session-name", help="Unannotated session name (repeatable; replaces)."),
]
FirstStyleOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--first-style", help=f"One of {', '.join(FIRST_STYLES)}."),
]


TargetOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--target", help=f"One of {', '.join(TARGETS)} (default async)."),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sqla-async {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """sqla-async: sync SQLAlchemy sessions to AsyncSession."""


def _fail(message: str) -> typer.Exit:
    stderr.print(Text(f"error: {message}", style="red"))
    return typer.Exit(2)


def _settings(root: Path, overrides: Mapping[str, object]) -> Settings:
    """The project's `[tool.sqla-async]`, then the command line's options on top."""
    settings = load_settings(root)
    given = {key: value for key, value in overrides.items() if value}
    if "exclude" in given:
        given["exclude"] = [*settings.exclude, *given["exclude"]]  # type: ignore[misc]
    return settings_from_table(given, "the command line", settings)


@contextmanager
def _progress(enabled: bool) -> Iterator[object]:
    """A Rich progress bar on stderr, only on a terminal and for runs worth watching."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=stderr, transient=True) as progress:

        def factory(total: int) -> object:
            if total <= PROGRESS_THRESHOLD:
                return None
            task = progress.add_task("sqla-async", total=total)
            return lambda done: progress.advance(task, done)

        yield factory


def _execute(
    paths: list[Path],
    root: Path | None,
    mode: Mode,
    jobs: int | None,
    quiet: bool,
    overrides: Mapping[str, object],
    format_code: bool = True,
    cache: bool = False,
) -> RunReport:
    """`cache`: through the audit cache (`cache.py`): a whole audit, or a migration's
    audits of the files it leaves as they are."""
    try:
        project_root = (root or find_root(paths)).resolve()
        settings = _settings(project_root, overrides)
        with _progress(not quiet) as factory:
            if cache and mode == "audit":
                return cached_audit(
                    paths,
                    project_root,
                    settings,
                    jobs=jobs,
                    progress_factory=factory,  # type: ignore[arg-type]
                )
            # Loaded here, not at start-up: LibCST, black and the rules take half a second
            # to import, which a cached audit does without.
            from codemods.runner import default_jobs, run

            return run(
                paths,
                project_root,
                settings,
                mode,
                jobs=jobs or default_jobs(),
                progress_factory=factory,  # type: ignore[arg-type]
                format_code=format_code,
                cache=AuditCache(project_root) if cache else None,
            )
    except (UsageError, SettingsError) as error:
        raise _fail(str(error)) from error


def _print_errors(report: RunReport) -> None:
    for error in report.errors:
        stderr.print(Text(error.render(), style="red"), soft_wrap=True)


def _use_color(color: bool | None) -> bool:
    if color is not None:
        return color
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


DIFF_STYLES = (("+++", "bold"), ("---", "bold"), ("@@", "cyan"), ("+", "green"), ("-", "red"))


def _print_diffs(report: RunReport, color: bool) -> None:
    if not color:
        # Bytes in each file's own encoding, so the patch applies to the file as it is.
        for diff in report.diffs:
            sys.stdout.buffer.write(diff.text.encode(diff.encoding, "replace"))
        sys.stdout.flush()
        return
    console = Console(force_terminal=True, no_color=False, highlight=False, soft_wrap=True)
    for diff in report.diffs:
        for line in diff.text.splitlines():
            style = next((s for prefix, s in DIFF_STYLES if line.startswith(prefix)), "")
            console.print(Text(line, style=style))


def _summary(report: RunReport) -> str:
    verb = {"apply": "migrated", "diff": "would change", "check": "would change"}[report.mode]
    parts = [f"{report.scanned} file(s) scanned", f"{len(report.changed)} {verb}"]
    if report.errors:
        parts.append(f"{len(report.errors)} failed")
    text = "sqla-async: " + ", ".join(parts)
    if report.counts:
        rewrites = ", ".join(f"{name} {count}" for name, count in sorted(report.counts.items()))
        text += f"; rewrites: {rewrites}"
    return f"{text}\n{_audit_line(report)}"


def _audit_line(report: RunReport) -> str:
    """The re-audit of the result: what is left, by rule."""
    left = Counter(f.rule for f in report.findings if not f.allowed)
    allowed = sum(f.allowed for f in report.findings)
    verb = "after" if report.mode == "apply" else "of the result"
    line = f"audit {verb}: "
    if left:
        by_rule = ", ".join(f"{rule} {count}" for rule, count in sorted(left.items()))
        line += f"{sum(left.values())} open finding(s) ({by_rule}); `sqla-async audit` lists them"
    else:
        line += "no open findings"
    return line + (f"; {allowed} allowed" if allowed else "")


@app.command()
def migrate(
    paths: PathsArg,
    apply: Annotated[bool, typer.Option("--apply", help="Write the changes.")] = False,
    check: Annotated[
        bool, typer.Option("--check", help="Exit 1 if any file would change; write nothing.")
    ] = False,
    jobs: JobsOpt = None,
    root: RootOpt = None,
    color: Annotated[
        Optional[bool],  # noqa: UP045
        typer.Option("--color/--no-color", help="Colour the diff (default: on a terminal)."),
    ] = None,
    quiet: QuietOpt = False,
    exclude: ExcludeOpt = None,
    session_name: SessionNameOpt = None,
    first_style: FirstStyleOpt = None,
    target: TargetOpt = None,
    todo_comments: Annotated[
        bool,
        typer.Option("--todo-comments", help="Mark what is left with `# TODO(sqla-async)`."),
    ] = False,
    no_format: Annotated[
        bool,
        typer.Option(
            "--no-format",
            help="Do not format migrated files with black (by default: those black kept "
            "formatted, with the project's black configuration).",
        ),
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Do not read the audit results `audit` keeps in .sqla-async-cache/ (by "
            "default the files the migration leaves as they are are not audited again).",
        ),
    ] = False,
    branch: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--branch",
            help="Commit the migration to a new git branch NAME; the checkout is untouched.",
        ),
    ] = None,
    base: Annotated[
        str, typer.Option("--base", help="With --branch: the commit to start from.")
    ] = "HEAD",
    message: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--message", "-m", help="With --branch: the commit's subject line."),
    ] = None,
) -> None:
    """Migrate files: a dry-run unified diff by default; --apply writes, --check gates CI,
    --branch commits the migration to a new branch without touching the checkout."""
    if apply and check:
        raise _fail("--apply and --check cannot be combined")
    mode: Mode = "apply" if apply else "check" if check else "diff"
    overrides = {
        "exclude": exclude,
        "session-names": session_name,
        "first-style": first_style,
        "target": target,
        "todo-comments": todo_comments,
    }
    if branch is not None:
        if check:
            raise _fail("--branch and --check cannot be combined")

        # the base commit's own configuration applies in its worktree, not the checkout's
        def execute(worktree_root: Path, worktree_paths: list[Path]) -> RunReport:
            return _execute(
                worktree_paths, worktree_root, "apply", jobs, quiet, overrides, not no_format
            )

        _migrate_in_branch(paths, root, quiet, execute, (branch, base, message))
    report = _execute(
        paths, root, mode, jobs, quiet, overrides, format_code=not no_format, cache=not no_cache
    )
    if mode == "diff":
        _print_diffs(report, _use_color(color))
    if mode == "check" and not quiet:
        for relpath in report.changed:
            typer.echo(f"would migrate: {relpath}")
    _print_errors(report)
    if not quiet:
        _print_async_plan(report)
        stderr.print(_summary(report), soft_wrap=True)
    raise typer.Exit(report.exit_code)


def _print_async_plan(report: RunReport) -> None:
    for function, reason in sorted(report.kept_sync.items()):
        stderr.print(Text(f"kept sync: {function}: {reason}"), soft_wrap=True)
    for pending in report.pending_awaits:
        stderr.print(Text(f"not migrated in this run: {pending.render()}"), soft_wrap=True)
    if report.became_async:
        chain = report.deepest_chain
        calls = f"{len(chain) - 1} call(s) deep: {' -> '.join(chain)}" if len(chain) > 1 else ""
        text = f"async: {report.became_async} function(s) become coroutines"
        stderr.print(Text(f"{text}; deepest chain {calls}" if calls else text), soft_wrap=True)
    if report.async_tests:
        advice = "".join(f"; {line}" for line in report.test_advice)
        text = f"tests: {report.async_tests} test(s) and fixture(s) become async{advice}"
        stderr.print(Text(text), soft_wrap=True)


def _migrate_in_branch(
    paths: list[Path],
    root: Path | None,
    quiet: bool,
    execute: Callable[[Path, list[Path]], RunReport],
    request: tuple[str, str, str | None],
) -> None:
    """`--branch`: migrate a worktree of the base and commit it to a new branch
    (`gitops.py`); `request` is (branch, base, message)."""
    branch, base, message = request
    reports: list[RunReport] = []

    def migrate(worktree_root: Path, worktree_paths: list[Path]) -> RunReport:
        reports.append(execute(worktree_root, worktree_paths))
        return reports[-1]

    try:
        project_root = (root or find_root(paths)).resolve()
        absolute = [Path(os.path.abspath(p)) for p in paths]
        outcome = migrate_in_branch(
            root=project_root,
            paths=absolute,
            branch=branch,
            base=base,
            message=message,
            migrate=migrate,
        )
    except (BranchError, UsageError) as error:
        raise _fail(str(error)) from error
    if reports:
        _print_errors(reports[-1])
        if not quiet:
            _print_async_plan(reports[-1])
            stderr.print(_summary(reports[-1]), soft_wrap=True)
    for line in outcome.describe():
        typer.echo(line, err=line.startswith("warning"))
    raise typer.Exit(2 if outcome.failed or outcome.leftovers else 0)


@app.command()
def audit(
    paths: PathsArg,
    output_format: Annotated[
        str, typer.Option("--format", help=f"One of {', '.join(FORMATS)}.")
    ] = "text",
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--output", "-o", help="Write the report to a file instead of stdout."),
    ] = None,
    jobs: JobsOpt = None,
    root: RootOpt = None,
    quiet: QuietOpt = False,
    exclude: ExcludeOpt = None,
    session_name: SessionNameOpt = None,
    target: TargetOpt = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Neither read nor write the results kept in .sqla-async-cache/ at the "
            "project root (by default an unchanged project is not audited again).",
        ),
    ] = False,
) -> None:
    """Report what keeps the code from AsyncSession; exit 1 while open findings remain."""
    if output_format not in FORMATS:
        raise _fail(f"--format must be one of {', '.join(FORMATS)}")
    # The audit judges readiness for AsyncSession: it plans as the async target does.
    overrides = {"exclude": exclude, "session-names": session_name, "target": target or "async"}
    report = _execute(paths, root, "audit", jobs, quiet, overrides, cache=not no_cache)
    summary = AuditSummary(
        report.scanned,
        tuple(report.findings),
        report.rules_checked,
        len(report.errors),
        report.statistics,
    )
    rendered = RENDERERS[output_format](summary)
    if output is None:
        typer.echo(rendered, nl=False)
    else:
        output.write_text(rendered, encoding="utf-8")
    _print_errors(report)
    raise typer.Exit(report.exit_code)


@app.command()
def rules(
    code: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(help="A rule code (SQA003) to explain; none lists everything."),
    ] = None,
) -> None:
    """List the transforms (in the order they run) and the audit rules, or explain one rule."""
    from codemods.audit.rules import RULES  # loaded on demand, like the runner
    from codemods.transforms import TRANSFORMS

    if code is not None:
        typer.echo(_explain(code.upper()))
        return
    typer.echo("Transforms, in pipeline order:")
    for transform in TRANSFORMS:
        typer.echo(f"  {transform.NAME:<28} {transform.DESCRIPTION}")
    checked = {rule.CODE for rule in RULES} | {INVALID_ALLOW_RULE}
    typer.echo("\nAudit rules (`sqla-async rules SQA001` explains one):")
    for info in CATALOGUE:
        status = "checked" if info.code in checked else "planned"
        typer.echo(f"  {info.code}  {info.name:<26} {status:<8} {info.summary}")


def _explain(code: str) -> str:
    """The documentation of each rule module checking `code` (its docstring)."""
    from codemods.audit.rules import RULES

    if code not in RULE_NAMES:
        raise _fail(f"unknown rule {code}; `sqla-async rules` lists them")
    modules = [sys.modules[rule.__module__] for rule in RULES if code == rule.CODE]
    if code == INVALID_ALLOW_RULE:
        modules = [allowlist]
    docs = [inspect.cleandoc(module.__doc__ or "") for module in modules]
    fix = f"Fix: {RULE_FIXES[code]}."
    return "\n\n".join([*docs, fix]) if docs else f"{code} is not checked yet.\n\n{fix}"


def main() -> None:
    app()
