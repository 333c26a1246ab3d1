"""The bundled example apps as subjects: copied out of the repository, run with their own
test suites in a subprocess, on a database chosen through the app's own variable."""

from __future__ import annotations

import ast
import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SCRIPT = str(Path(sys.executable).with_name("sqla-async"))
# Each example's suite reads the database to test against from its own variable.
DATABASE_VARIABLES = {"crm": "CRM_TEST_DATABASE_URL", "tutorial": "TUTORIAL_TEST_DATABASE_URL"}
ROUTE_DECORATORS = frozenset({"get", "post", "put", "patch", "delete", "websocket"})
SESSION_MARKERS = ("Session", "get_db", "get_async_db", "SessionLocal")


def copy_example(folder: Path, name: str) -> Path:
    """The example `name` copied to `folder/name`, without caches and database files."""
    target = folder / name
    ignore = shutil.ignore_patterns("__pycache__", "*.db", ".pytest_cache")
    shutil.copytree(EXAMPLES / name, target, ignore=ignore)
    return target


def cli(*args: str | Path, measured: bool = True) -> subprocess.CompletedProcess[str]:
    """The installed `sqla-async` script, as a user runs it. `measured=False` leaves the run
    out of coverage, for runs through code that measured ones already cover on the same app
    (traced, a run on the crm example takes twice as long)."""
    env = None if measured else untraced_environment()
    argv = [SCRIPT, *map(str, args)]
    return subprocess.run(argv, env=env, capture_output=True, text=True, check=False)


def run_suite(app: Path, database_url: str | None) -> subprocess.CompletedProcess[str]:
    """The app's own pytest suite, unchanged. `-W error::RuntimeWarning` on top of the
    app's `filterwarnings`: a coroutine never awaited fails the run whatever the ini says."""
    variable = DATABASE_VARIABLES[app.name]
    env = {k: v for k, v in untraced_environment().items() if k != variable}
    if database_url:
        env[variable] = database_url
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x"]
    command += ["-W", "error::RuntimeWarning"]
    return subprocess.run(command, cwd=app, env=env, capture_output=True, text=True, check=False)


def untraced_environment() -> dict[str, str]:
    """The environment without coverage's subprocess measurement (an app and its suite
    never import `codemods`: traced, they run a quarter slower for nothing)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("COVERAGE_PROCESS_")}


def passed_count(done: subprocess.CompletedProcess[str]) -> int:
    """How many tests passed, after checking that nothing failed, errored or warned of a
    coroutine never awaited."""
    output = done.stdout + done.stderr
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "never awaited" not in output, output[-3000:]
    assert " passed" in summary, summary
    assert "failed" not in summary, summary
    assert "error" not in summary, summary
    return int(summary.split(" passed")[0].split()[-1])


@functools.cache  # the examples do not change during a session
def collected_count(example: str) -> int:
    """How many tests the example has, counted by pytest without running them."""
    listed = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=EXAMPLES / example,
        env=untraced_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    return sum(1 for line in listed.stdout.splitlines() if "::" in line)


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every source file of an app and its bytes (caches and databases left out)."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
        and "__pycache__" not in path.parts
        and ".pytest_cache" not in path.parts
        and path.suffix != ".db"
    }


def sync_path_operations_with_a_session(app: Path) -> list[str]:
    """`def` (not `async def`) path operations whose parameters or body name a session,
    a session provider or a session factory, found with the stdlib `ast`."""
    found = []
    for path in sorted(app.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.FunctionDef)
                and _is_path_operation(node)
                and any(marker in ast.unparse(node) for marker in SESSION_MARKERS)
            ):
                found.append(f"{path.relative_to(app)}:{node.lineno} {node.name}")
    return found


def path_operations(app: Path) -> list[str]:
    """Every path operation (`def` or `async def`) of the app, as `path:line name`."""
    found = []
    for path in sorted(app.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and _is_path_operation(
                node
            ):
                found.append(f"{path.relative_to(app)}:{node.lineno} {node.name}")
    return found


def _is_path_operation(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(
        isinstance(decorator, ast.Call)
        and isinstance(decorator.func, ast.Attribute)
        and decorator.func.attr in ROUTE_DECORATORS
        for decorator in node.decorator_list
    )
