"""Time `sqla-async` beside LibCST's own no-op codemod on synthetic projects (issue 9).

    python bench/run.py [--sizes 1,5,10] [--unit 70] [--jobs 1,2] [--repeat 3] [--keep DIR]
    python bench/run.py --quick        # smoke run: --sizes 1 --unit 20 --repeat 1

What: for each size k, `bench/generate.py` writes a project of k * unit modules (seed 0);
then, `--repeat` times, each of these runs once, interleaved, so that a change in the load
of the machine hits every command alike:

- `sqla-async migrate TREE --target async --jobs J`: the dry run, its diff to /dev/null;
- `sqla-async audit TREE --jobs J`, with `--no-cache` once the tool has that option, and
  then also a cached audit (after an untimed warm-up run);
- `python -m libcst.tool codemod noop.NOOPCommand TREE -j J --no-format --hide-progress`,
  run from a scratch folder holding the `.libcst.codemod.yaml` that
  `python -m libcst.tool initialize` writes, its `repo_root` set to the project;
- a bare LibCST `parse_module(source).code` of every file, in one process (`-j 1`).

It checks that each run saw every file (the counts sqla-async and LibCST print), then
prints a Markdown table (the median over the repeats, files/s, the ratio to the no-op
codemod with the same jobs, CPU seconds, peak RSS) and the issue's targets.

How it measures: each run is a fresh child process, timed from its start to its exit with
`time.perf_counter()`, interpreter start-up included, as a user sees it. This process
makes itself a child subreaper (`prctl(PR_SET_CHILD_SUBREAPER)`, Linux), so the processes
a run leaves behind (the forkserver and the pool workers sqla-async starts are not
children of its main process, which never reaps them) are handed to it when the run's
main process exits. It reaps the main process and each of those with `os.wait4`, whose
usage covers a process and everything that process reaped. Peak RSS is the largest
`ru_maxrss` among them: the largest single process of the run, not the sum of concurrent
workers. CPU is the user + system time of all of them; CPU / wall near the job count
means the cores were free (the machine may be shared).
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import importlib.metadata
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.dont_write_bytecode = True  # no bench/__pycache__ in the checkout
sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402

PR_SET_CHILD_SUBREAPER = 36
ORPHAN_TIMEOUT = 30.0  # seconds to wait for the processes a run left behind
CACHED_AUDIT_FILES = 1000
RATIO_TARGET, RATIO_AIM = 1.0, 0.5  # dry-run migrate / no-op codemod, same jobs, at 10x
SCALING_TARGET = 11.0  # 10x time / 1x time
SPEEDUP_TARGET = 1.7  # -j 1 time / -j 2 time at 10x
CACHED_TARGET = 1.0  # seconds: cached audit of an unchanged 1,000-file project

MIGRATE = "sqla-async migrate (dry run)"
AUDIT = "sqla-async audit"
AUDIT_CACHED = "sqla-async audit, cached"
NOOP = "libcst.tool codemod noop"
PARSE = "libcst parse + codegen"
# What each command prints about the files it saw: group 1 is their number.
FILE_COUNTS = {
    MIGRATE: r"(\d+) file\(s\) scanned",
    NOOP: r"Finished codemodding (\d+) files",
    PARSE: r"(\d+) files in",
}


@dataclass(frozen=True)
class Command:
    label: str
    jobs: int
    argv: list[str]
    cwd: Path | None = None
    ok_codes: tuple[int, ...] = (0,)
    warm_up: bool = False  # run once, untimed, before the timed runs


@dataclass(frozen=True)
class Sample:
    seconds: float
    cpu: float
    peak_rss_mb: float


@dataclass
class Row:
    size: int
    files: int
    command: Command
    samples: list[Sample] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def peak_rss_mb(self) -> float:
        return max(s.peak_rss_mb for s in self.samples)

    def matches(self, label: str, size: int, jobs: int) -> bool:
        return (self.command.label, self.size, self.command.jobs) == (label, size, jobs)


# -- one run ------------------------------------------------------------------------------


def become_subreaper() -> bool:
    """Adopt the orphans of our children, so that we reap them (Linux only)."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    return bool(libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0)


def reap_orphans() -> tuple[list[resource.struct_rusage], str]:
    """The usage of every process the last run left to us (and an error if one lingers)."""
    usages: list[resource.struct_rusage] = []
    deadline = time.monotonic() + ORPHAN_TIMEOUT
    while True:
        try:
            pid, _, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            return usages, ""
        if pid:
            usages.append(usage)
        elif time.monotonic() > deadline:
            return usages, "a process the run started was still running"
        else:
            time.sleep(0.01)


def measure(command: Command) -> tuple[Sample, int, str]:
    """Run `command` in a fresh process: its sample, exit code and stderr."""
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(
            command.argv, cwd=command.cwd, stdout=subprocess.DEVNULL, stderr=stderr
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        orphans, lingering = reap_orphans()
        stderr.seek(0)
        output = f"{lingering}\n{stderr.read().decode(errors='replace')}".strip()
    usages = [usage, *orphans]
    cpu = sum(u.ru_utime + u.ru_stime for u in usages)
    peak = max(u.ru_maxrss for u in usages) / 1024  # KiB on Linux
    return Sample(seconds, cpu, peak), process.returncode, output


def problem(command: Command, code: int, output: str, files: int) -> str:
    """Why a run does not count: a failure, or it did not see every file."""
    if code not in command.ok_codes:
        return f"exit {code}: {output[-2000:]}"
    pattern = FILE_COUNTS.get(command.label)
    found = re.search(pattern, output) if pattern else None
    if pattern and (not found or int(found.group(1)) != files):
        seen = found.group(1) if found else "an unknown number of"
        return f"saw {seen} files, not {files}: {output[-2000:]}"
    return ""


# -- the commands -------------------------------------------------------------------------


def sqla_async() -> list[str]:
    executable = shutil.which("sqla-async")
    return [executable] if executable else [sys.executable, "-m", "codemods"]


def has_audit_cache() -> bool:
    """Whether `sqla-async audit` caches (and so has `--no-cache` to bypass it)."""
    result = subprocess.run(
        [*sqla_async(), "audit", "--help"], capture_output=True, text=True, check=False
    )
    return "--no-cache" in result.stdout


def libcst_config(tree: Path, scratch: Path) -> Path:
    """A folder holding the config `libcst.tool initialize` writes, rooted at `tree`."""
    folder = scratch / f"libcst-{tree.name}"
    folder.mkdir()
    initialize = [sys.executable, "-m", "libcst.tool", "initialize", str(folder)]
    subprocess.run(initialize, check=True, stdout=subprocess.DEVNULL)
    config = folder / ".libcst.codemod.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("repo_root: '.'", f"repo_root: '{tree}'"), encoding="utf-8")
    return folder


def commands(tree: Path, jobs: Sequence[int], config: Path, has_cache: bool) -> list[Command]:
    tool, project = sqla_async(), str(tree)
    findings = (0, 1)  # audit exits 1 while findings remain
    noop = [sys.executable, "-m", "libcst.tool", "codemod", "noop.NOOPCommand", project]
    noop += ["--no-format", "--hide-progress", "--hide-generated-warnings"]
    audit = [*tool, "audit", project]
    found = []
    for j in jobs:
        migrate = [*tool, "migrate", project, "--target", "async", "--jobs", str(j)]
        uncached = [*audit, "--jobs", str(j), *(["--no-cache"] if has_cache else [])]
        found += [Command(MIGRATE, j, migrate), Command(AUDIT, j, uncached, ok_codes=findings)]
        if has_cache:
            cached = [*audit, "--jobs", str(j)]
            found.append(Command(AUDIT_CACHED, j, cached, ok_codes=findings, warm_up=True))
        found.append(Command(NOOP, j, [*noop, "-j", str(j)], cwd=config))
    parse = [sys.executable, str(Path(__file__).resolve()), "--parse-codegen", project]
    return [*found, Command(PARSE, 1, parse)]


def parse_codegen(tree: Path) -> int:
    """The loop the `libcst parse + codegen` row times (in its own process)."""
    import libcst

    files = sorted(tree.rglob("*.py"))
    start = time.perf_counter()
    for path in files:
        source = path.read_text(encoding="utf-8")
        if libcst.parse_module(source).code != source:
            raise SystemExit(f"{path}: the round trip changed the code")
    print(f"{len(files)} files in {time.perf_counter() - start:.2f} s", file=sys.stderr)
    return 0


# -- the benchmark ------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    sizes: list[int]
    unit: int
    jobs: list[int]
    repeat: int
    has_cache: bool


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def write_project(tree: Path, modules: int) -> tuple[int, int]:
    """A fresh project of `modules` files at `tree`: (files, lines)."""
    if tree.exists():
        shutil.rmtree(tree)
    files = generate.generate(tree, modules)
    python = [text for path, text in files.items() if path.endswith(".py")]
    return len(python), sum(text.count("\n") for text in python)


def run_size(size: int, settings: Settings, folder: Path, scratch: Path) -> list[Row]:
    """Generate the project of `size` units and time every command on it."""
    tree = folder / f"size-{size}x"
    files, lines = write_project(tree, size * settings.unit)
    log(f"size {size}x: {files} files, {lines} lines in {tree}")
    config = libcst_config(tree, scratch)
    rows = [Row(size, files, c) for c in commands(tree, settings.jobs, config, settings.has_cache)]
    for row in rows:
        if row.command.warm_up:
            measure(row.command)
    for round_ in range(1, settings.repeat + 1):
        for row in rows:
            sample, code, output = measure(row.command)
            row.samples.append(sample)
            if error := problem(row.command, code, output, files):
                row.errors.append(error)
            name = f"{row.command.label} -j {row.command.jobs}"
            log(f"  {round_}/{settings.repeat} {name}: {sample.seconds:.2f} s")
    return rows


def cached_audit(folder: Path, settings: Settings) -> float:
    """Median seconds of a cached audit of an unchanged 1,000-file project."""
    tree = folder / "cached-audit"
    write_project(tree, CACHED_AUDIT_FILES)
    jobs = max(settings.jobs)
    command = Command(AUDIT_CACHED, jobs, [*sqla_async(), "audit", str(tree), "--jobs", str(jobs)])
    measure(command)  # warm the cache
    return statistics.median(measure(command)[0].seconds for _ in range(settings.repeat))


@contextlib.contextmanager
def workspace(keep: Path | None) -> Iterator[tuple[Path, Path]]:
    """(where the projects go, a scratch folder); both removed afterwards unless kept."""
    with tempfile.TemporaryDirectory(prefix="sqla-async-bench-") as temporary:
        scratch = Path(temporary)
        yield (keep or scratch / "projects"), scratch


def refuse_ignored(folder: Path) -> None:
    """sqla-async lists the files git lists: in a folder git ignores it would find none."""
    folder.mkdir(parents=True, exist_ok=True)
    if generate.git_ignores(folder):
        raise SystemExit(f"--keep {folder}: git ignores this folder; choose one outside git")


# -- the report ---------------------------------------------------------------------------


def find(rows: Sequence[Row], label: str, size: int, jobs: int) -> Row | None:
    return next((r for r in rows if r.matches(label, size, jobs) and not r.errors), None)


def table(rows: Sequence[Row]) -> list[str]:
    lines = [
        "| size | files | command | jobs | median s | files/s | x no-op codemod "
        "| CPU s | peak RSS MB |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        head = f"| {row.size}x | {row.files} | {row.command.label} | {row.command.jobs} |"
        if row.errors:
            lines.append(f"{head} failed | | | | |")
            continue
        noop = find(rows, NOOP, row.size, row.command.jobs)
        ratio = f"{row.median / noop.median:.2f}" if noop else "-"
        numbers = [f"{row.median:.2f}", f"{row.files / row.median:.0f}", ratio]
        numbers += [f"{row.cpu:.1f}", f"{row.peak_rss_mb:.0f}"]
        lines.append(f"{head} {' | '.join(numbers)} |")
    return lines


def verdict(value: float, target: float, at_most: bool = True) -> str:
    if (value <= target) if at_most else (value >= target):
        return "met"
    return f"NOT met, {value / target:.2f}x the target"


def ratio_lines(rows: Sequence[Row], settings: Settings) -> list[str]:
    big, lines = max(settings.sizes), []
    for j in settings.jobs:
        migrate, noop = find(rows, MIGRATE, big, j), find(rows, NOOP, big, j)
        if migrate and noop:
            ratio = migrate.median / noop.median
            lines.append(
                f"- dry-run migrate / no-op codemod at {big}x, -j {j}: **{ratio:.2f}** (target "
                f"<= {RATIO_TARGET:g}, aim {RATIO_AIM:g}): {verdict(ratio, RATIO_TARGET)}"
            )
    return lines


def scaling_lines(rows: Sequence[Row], settings: Settings) -> list[str]:
    big, small = max(settings.sizes), min(settings.sizes)
    target, lines = SCALING_TARGET * big / small / 10, []
    for j in settings.jobs if big != small else []:
        high, low = find(rows, MIGRATE, big, j), find(rows, MIGRATE, small, j)
        if high and low:
            scale = high.median / low.median
            lines.append(
                f"- migrate {big}x time / {small}x time, -j {j}: **{scale:.2f}** "
                f"(target <= {target:g}): {verdict(scale, target)}"
            )
    return lines


def speedup_lines(rows: Sequence[Row], settings: Settings) -> list[str]:
    big, lines = max(settings.sizes), []
    for label in (MIGRATE, AUDIT, NOOP):
        one, two = find(rows, label, big, 1), find(rows, label, big, 2)
        if one and two:
            speedup = one.median / two.median
            lines.append(
                f"- {label}, -j 1 / -j 2 at {big}x: **{speedup:.2f}** "
                f"(target >= {SPEEDUP_TARGET:g}): {verdict(speedup, SPEEDUP_TARGET, False)}"
            )
    return lines


def cache_line(cached: float | None) -> str:
    what = f"cached audit of {CACHED_AUDIT_FILES:,} unchanged files"
    if cached is None:
        return f"- {what}: not measurable: no cache yet (`sqla-async audit` has no --no-cache)"
    verdict_ = verdict(cached, CACHED_TARGET)
    return f"- {what}: **{cached:.2f} s** (target <= {CACHED_TARGET:g} s): {verdict_}"


def environment() -> list[str]:
    version = subprocess.run(
        [*sqla_async(), "--version"], capture_output=True, text=True, check=False
    )
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        f"- machine: {os.cpu_count()} CPUs, load average at the start {load}",
        f"- Python {platform.python_version()}, libcst {importlib.metadata.version('libcst')}, "
        f"{version.stdout.strip() or 'sqla-async (version unknown)'}",
    ]


def report(rows: Sequence[Row], settings: Settings, cached: float | None) -> list[str]:
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        f"- load average at the end {load}",
        "",
        *table(rows),
        "",
        *ratio_lines(rows, settings),
        *scaling_lines(rows, settings),
        *speedup_lines(rows, settings),
        cache_line(cached),
    ]


def options(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Time sqla-async beside LibCST's no-op codemod.")
    parser.add_argument("--sizes", default="1,5,10", help="multiples of --unit (default 1,5,10)")
    parser.add_argument("--unit", type=int, default=70, help="modules at 1x (default 70)")
    parser.add_argument("--jobs", default="1,2", help="job counts (default 1,2)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each (median)")
    parser.add_argument("--keep", type=Path, help="write the projects here and keep them")
    parser.add_argument("--quick", action="store_true", help="--sizes 1 --unit 20 --repeat 1")
    parser.add_argument("--parse-codegen", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.unit, args.repeat = "1", 20, 1
    if args.unit * min(int(s) for s in args.sizes.split(",")) < generate.MIN_MODULES:
        parser.error(f"the smallest project needs {generate.MIN_MODULES} modules")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = options(argv)
    if args.parse_codegen:
        return parse_codegen(args.parse_codegen)
    sizes, jobs = [int(s) for s in args.sizes.split(",")], [int(j) for j in args.jobs.split(",")]
    settings = Settings(sizes, args.unit, jobs, args.repeat, has_audit_cache())
    if args.keep:
        refuse_ignored(args.keep)
    subreaper, header, started = become_subreaper(), environment(), time.perf_counter()
    rows: list[Row] = []
    with workspace(args.keep) as (folder, scratch):
        for size in sizes:
            rows += run_size(size, settings, folder, scratch)
        cached = cached_audit(folder, settings) if settings.has_cache else None
    command = " ".join(["python bench/run.py", *(sys.argv[1:] if argv is None else argv)])
    elapsed = time.perf_counter() - started
    print(f"`{command}`: {args.repeat} run(s) of each, medians; {elapsed:.0f} s in all\n")
    print("\n".join(header))
    if not subreaper:
        print("- peak RSS: cannot adopt orphans here; pool workers are not counted")
    print("\n".join(report(rows, settings, cached)))
    for row in (r for r in rows if r.errors):
        name = f"{row.command.label} -j {row.command.jobs} at {row.size}x"
        log(f"\n{name} failed: {row.errors[0]}")
    return 1 if any(row.errors for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
