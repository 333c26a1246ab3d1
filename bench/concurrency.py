"""What async buys: the example app, sync and migrated to async, under the same load (issue 8).

    python bench/concurrency.py [--dsn DSN] [--concurrency 10,50,100] [--duration 5]
                                [--warmup 1] [--repeat 3] [--delay 0.05]
                                [--endpoints sleep,customers]
    python bench/concurrency.py --quick  # --concurrency 2 --duration 1 --warmup 0.5 --repeat 1
    python bench/concurrency.py --migrated PATH  # serve a migration of examples/crm made before

What: `examples/crm` is copied twice to a temporary folder and one copy is migrated with
`sqla-async migrate COPY --target async --apply` (with `--migrated PATH`, a copy of PATH,
migrated that way beforehand, takes its place: the smoke test reuses the test session's).
A database of the run's own is created on the PostgreSQL server of `--dsn` (and dropped
at the end, after an error or Ctrl-C too), the schema made by the sync app's
`Base.metadata.create_all`, and rows seeded through the sync app's API (a user,
`--customers` customers). Each app is served by uvicorn on 127.0.0.1, one process each
(`--loop asyncio --http h11`, no access log), with the same `CRM_DATABASE_URL`
(`postgresql+psycopg2://...`; the migrated app derives asyncpg from it). Both run side by
side; only one is loaded at a time. The endpoints:

- `sleep`: `GET /health/db?delay=D`, one `SELECT pg_sleep(D)`: a query that keeps a
  connection busy for D seconds while the app waits, and costs it little CPU;
- `customers`: `GET /customers?size=20` with a bearer token (each app logs in through its
  own API): the token's user, a count and a page of 20 customers read and serialised, a
  realistic read that is mostly the app's own CPU.

How it measures: this process is the load generator (asyncio and raw HTTP/1.1 keep-alive
connections, light enough to leave the cores to the servers; the servers are other
processes). For each endpoint and each `--concurrency` C, `--repeat` times, the apps
interleaved (sync first, then async first the next time, so that a change in the load of
the machine hits both alike): C clients each send requests back to back for `--warmup`
+ `--duration` seconds; only the responses received in the last `--duration` seconds
count. Before each run both apps must answer `/health/db` promptly three times in a row,
so that requests a run left queued in an app (see the deadlock below) neither slow the
next run nor take the cores from it. requests/s = 200 responses in the window /
`--duration`; p50 and p99 are the latencies (from sending a request to reading all of its
response) of those responses. errors are the requests, warm-up included, that got no 200
(another status, a reset, no answer within `--timeout`). server CPU is the server
process's user + system time over the run (from /proc, Linux) / the run's wall time: 100%
is one core, which one Python process (the GIL) hardly exceeds; CPU ms/req divides that
time by the responses; waited for a core is the time its threads were ready to run but
had no core (the run-queue delay of /proc/PID/task/*/schedstat, summed over the threads)
/ the wall time: near 0 on a free machine. Each figure is the median over the repeats
(errors: the sum).

What limits each side, with the example's settings (it has no setting for the pool, so
both apps run with SQLAlchemy's defaults, the same for both):

- the sync app runs its `def` path operations and dependencies in Starlette's threadpool,
  at most 40 at a time (anyio's default limiter; `get_db`'s clean-up runs outside it),
  and its engine's `QueuePool` opens at most pool_size 5 + max_overflow 10 = 15
  connections; a request holds one from its first query until `get_db` closes the
  session;
- the async app's `async def` path operations run on the event loop, as many at a time as
  there are requests; its `create_async_engine` pool has the same defaults: 15.

So with `sleep` and C >= 15 both are bound by the pool, not by threads or the event loop:
at most 15 requests are in the database at a time, hence a ceiling of 15 / D requests/s
(300 at D = 0.05), and, by Little's law, a latency of C / requests/s: the C - 15 others
wait for a connection (in the pool's queue, and for the sync app beyond 40 also for a
thread). Below 15 clients the ceiling is C / D. The `ceiling` column shows that bound;
what either app reaches below it is its per-request overhead (CPU).

With `customers` the database is fast and the bound is CPU: one process, at most about
one core. The sync app can also deadlock there: its `get_current_user` dependency runs in
a thread and queries the user, so the request keeps a connection while it waits for a
second thread to run the path operation. Once 40 requests sit in threads waiting for a
connection while the 15 connections belong to requests waiting for a thread (C >= 55),
nothing moves until the pool's timeout (30 s) fails the waiters: HTTP 500, counted as
errors. The async app has no thread limit, so no such cycle.

On a shared machine the apps get the CPU time that the other load leaves them, which moves
requests/s (and, below the ceiling, the latencies) for reasons neither app's code has:
compare CPU ms/req first, which depends much less on it, and the waited-for-a-core
column, which shows how much of that there was.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib.metadata
import math
import os
import platform
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

import httpx

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "crm"
HOST = "127.0.0.1"
DEFAULT_DSN = "postgresql://postgres@127.0.0.1:5432/test"
# SQLAlchemy's defaults for a QueuePool (sync) and an AsyncAdaptedQueuePool (async): the
# example sets neither, and has no setting for them.
POOL_SIZE, MAX_OVERFLOW = 5, 10
POOL = POOL_SIZE + MAX_OVERFLOW
THREADS = 40  # anyio's default thread limiter, which Starlette's threadpool uses
PASSWORD = "bench-password-1"
START_TIMEOUT = 60.0  # seconds for an app to answer /health
SETTLE_TIMEOUT = 180.0  # seconds for an app to answer promptly again after a run
PROMPT = 0.25  # seconds: a database round trip this fast means no backlog is left
VERSIONS = ("fastapi", "starlette", "sqlalchemy", "uvicorn", "psycopg2-binary", "asyncpg")


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str
    authenticated: bool


@dataclass
class Server:
    label: str  # "sync" or "async"
    folder: Path
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    token: str = ""

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def cpu_seconds(self) -> float | None:
        """User + system time of the server process so far (None off Linux)."""
        assert self.process is not None
        try:
            stat = Path(f"/proc/{self.process.pid}/stat").read_text(encoding="ascii")
        except OSError:
            return None
        fields = stat.rsplit(")", 1)[1].split()  # fields from the third (state) on
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def run_queue_waits(self) -> dict[str, float] | None:
        """Seconds each thread of the server has spent runnable but waiting for a core
        (/proc/PID/task/TID/schedstat, Linux; None elsewhere)."""
        assert self.process is not None
        waits = {}
        for task in Path(f"/proc/{self.process.pid}/task").glob("*"):
            with contextlib.suppress(OSError, IndexError, ValueError):
                waits[task.name] = int((task / "schedstat").read_text().split()[1]) / 1e9
        return waits or None


@dataclass
class Tally:
    """What the clients of one run saw."""

    latencies: list[float] = field(default_factory=list)  # seconds, in the window
    completed: int = 0  # 200 responses, warm-up included
    errors: int = 0
    first_error: str = ""

    def error(self, what: str) -> None:
        self.errors += 1
        self.first_error = self.first_error or what


@dataclass(frozen=True)
class Sample:
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    errors: int
    server_cpu: float | None  # share of one core
    cpu_ms_per_request: float | None
    cpu_wait: float | None  # seconds runnable but not running / wall, all threads
    client_cpu: float  # share of one core


@dataclass
class Row:
    endpoint: Endpoint
    app: str
    clients: int
    samples: list[Sample] = field(default_factory=list)
    first_error: str = ""

    def median(self, name: str) -> float | None:
        values = [getattr(s, name) for s in self.samples if getattr(s, name) is not None]
        return statistics.median(values) if values else None

    @property
    def errors(self) -> int:
        return sum(s.errors for s in self.samples)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- the load -----------------------------------------------------------------------------


async def read_response(reader: asyncio.StreamReader) -> int:
    """Read one HTTP/1.1 response with a Content-Length: its status code."""
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    status = int(head[0].split(" ", 2)[1])
    length = next(
        (
            int(v)
            for n, _, v in (h.partition(":") for h in head[1:])
            if n.lower() == "content-length"
        ),
        None,
    )
    if length is None:
        raise ValueError(f"a response without Content-Length: {head[0]}")
    await reader.readexactly(length)
    return status


async def drive(
    port: int, request: bytes, clients: int, warmup: float, duration: float, timeout: float
) -> Tally:
    """`clients` connections, each sending `request` back to back for warm-up + duration."""
    tally = Tally()
    window_start = time.perf_counter() + warmup
    window_end = window_start + duration

    async def client() -> None:
        writer: asyncio.StreamWriter | None = None
        while time.perf_counter() < window_end:
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection(HOST, port)
                sent = time.perf_counter()
                writer.write(request)
                status = await asyncio.wait_for(read_response(reader), timeout)
            except (OSError, ValueError, asyncio.TimeoutError, asyncio.IncompleteReadError) as e:
                tally.error(f"{type(e).__name__}: {e}" if str(e) else type(e).__name__)
                if writer is not None:
                    writer.close()
                writer = None
                await asyncio.sleep(0.01)
                continue
            received = time.perf_counter()
            if status != 200:
                tally.error(f"HTTP {status}")
                continue
            tally.completed += 1
            if window_start <= received <= window_end:
                tally.latencies.append(received - sent)
        if writer is not None:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()

    await asyncio.gather(*(client() for _ in range(clients)))
    return tally


def waited(
    before: dict[str, float] | None, after: dict[str, float] | None, wall: float
) -> float | None:
    """The run-queue wait of all the threads between two readings / `wall` (threads that
    ended in between are not counted)."""
    if before is None or after is None:
        return None
    return sum(seconds - before.get(tid, 0.0) for tid, seconds in after.items()) / wall


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile of `values` (not empty)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def run_once(server: Server, endpoint: Endpoint, clients: int, args: argparse.Namespace) -> Row:
    """One timed run: a row holding its one sample."""
    headers = f"GET {endpoint.path} HTTP/1.1\r\nHost: {HOST}:{server.port}\r\n"
    if endpoint.authenticated:
        headers += f"Authorization: Bearer {server.token}\r\n"
    request = f"{headers}\r\n".encode("ascii")
    waits_before = server.run_queue_waits()
    cpu_before, own_before = server.cpu_seconds(), resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    tally = asyncio.run(
        drive(server.port, request, clients, args.warmup, args.duration, args.timeout)
    )
    wall = time.perf_counter() - started
    cpu_after, own_after = server.cpu_seconds(), resource.getrusage(resource.RUSAGE_SELF)
    waits_after = server.run_queue_waits()
    own = (own_after.ru_utime + own_after.ru_stime) - (own_before.ru_utime + own_before.ru_stime)
    server_cpu = None if cpu_before is None or cpu_after is None else cpu_after - cpu_before
    latencies = tally.latencies or [math.nan]
    sample = Sample(
        requests_per_s=len(tally.latencies) / args.duration,
        p50_ms=percentile(latencies, 50) * 1000,
        p99_ms=percentile(latencies, 99) * 1000,
        errors=tally.errors + (0 if tally.latencies else 1),  # no response at all: an error
        server_cpu=None if server_cpu is None else server_cpu / wall,
        cpu_ms_per_request=(
            server_cpu / tally.completed * 1000
            if server_cpu is not None and tally.completed
            else None
        ),
        cpu_wait=waited(waits_before, waits_after, wall),
        client_cpu=own / wall,
    )
    first_error = tally.first_error or ("" if tally.latencies else "no response in the window")
    return Row(endpoint, server.label, clients, [sample], first_error)


# -- the apps and the database ------------------------------------------------------------


def sqla_async() -> list[str]:
    beside = shutil.which("sqla-async", path=os.path.dirname(sys.executable))
    executable = beside or shutil.which("sqla-async")
    return [executable] if executable else [sys.executable, "-m", "codemods"]


def copy_apps(folder: Path, migrated: Path | None = None) -> tuple[Path, Path]:
    """The example twice: as it is, and migrated with `--target async --apply` (or a copy
    of `migrated`, a migration made beforehand: served, never written)."""
    ignore = shutil.ignore_patterns("__pycache__", "*.db", ".pytest_cache")
    sync_app, async_app = folder / "sync" / "crm", folder / "async" / "crm"
    shutil.copytree(EXAMPLE, sync_app, ignore=ignore)
    shutil.copytree(migrated or EXAMPLE, async_app, ignore=ignore)
    if migrated is None:
        migrate(async_app)
    health = (async_app / "app" / "api" / "routers" / "health.py").read_text(encoding="utf-8")
    if "async def database_health" not in health or "await db.execute" not in health:
        raise SystemExit("the migrated app's /health/db is not async: nothing to compare")
    return sync_app, async_app


def migrate(app: Path) -> None:
    argv = [*sqla_async(), "migrate", str(app), "--target", "async", "--apply"]
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the migration failed (exit {done.returncode}):\n{done.stderr}")


def database_url(dsn: str, name: str, scheme: str) -> str:
    """`dsn` (postgresql://user@host:port/db) with another database and scheme."""
    parts = urllib.parse.urlsplit(dsn)
    return urllib.parse.urlunsplit((scheme, parts.netloc, f"/{name}", parts.query, ""))


@contextlib.contextmanager
def fresh_database(dsn: str) -> Iterator[tuple[str, str]]:
    """A new, empty database on the server of `dsn`, dropped afterwards: (name, version)."""
    import psycopg2  # the sync app's own driver

    name = f"sqla_async_bench_{uuid.uuid4().hex[:12]}"
    admin = psycopg2.connect(dsn)
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
            cursor.execute(f'CREATE DATABASE "{name}"')
        try:
            yield name, version
        finally:
            with admin.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            log(f"dropped database {name}")
    finally:
        admin.close()


def app_env(url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CRM_", "COVERAGE_PROCESS"))}
    env.update(
        CRM_DATABASE_URL=url,
        PASSWORD_HASH_ITERATIONS="1000",  # logins are not what is measured
        SECRET_KEY=f"bench-{uuid.uuid4().hex}",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def create_schema(app: Path, env: dict[str, str]) -> None:
    """The tables, by the sync app's own `Base.metadata.create_all`."""
    code = (
        "import app.models\n"
        "from app.database import Base, engine\n"
        "Base.metadata.create_all(engine)\n"
        "engine.dispose()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=app, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"create_all failed:\n{done.stderr}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def start(server: Server, env: dict[str, str], logs: Path) -> None:
    server.port = free_port()
    argv = [sys.executable, "-m", "uvicorn", "app.main:app", "--host", HOST]
    argv += ["--port", str(server.port), "--loop", "asyncio", "--http", "h11"]
    argv += ["--no-access-log", "--log-level", "warning"]
    with (logs / f"{server.label}.log").open("wb") as output:
        server.process = subprocess.Popen(
            argv, cwd=server.folder, env=env, stdout=output, stderr=subprocess.STDOUT
        )


def wait_until_up(server: Server, logs: Path) -> None:
    assert server.process is not None
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            break
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{server.url}/health", timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    tail = (logs / f"{server.label}.log").read_text(encoding="utf-8", errors="replace")[-3000:]
    raise SystemExit(f"the {server.label} app did not answer /health:\n{tail}")


def settle(server: Server) -> float:
    """Wait until the app answers a database round trip promptly, three times in a row: a
    run can leave requests queued in it (see the docstring), which would slow the next run
    or, in the other app, compete with it for the cores. The seconds waited."""
    started, prompt = time.monotonic(), 0
    while prompt < 3:
        if time.monotonic() - started > SETTLE_TIMEOUT:
            raise SystemExit(
                f"the {server.label} app still lags {SETTLE_TIMEOUT:.0f} s after a run"
            )
        sent = time.perf_counter()
        try:
            ok = httpx.get(f"{server.url}/health/db", timeout=SETTLE_TIMEOUT).status_code == 200
        except httpx.HTTPError:
            ok = False
        prompt = prompt + 1 if ok and time.perf_counter() - sent < PROMPT else 0
        time.sleep(0.1)
    return time.monotonic() - started


def stop(server: Server) -> None:
    if server.process is None or server.process.poll() is not None:
        return
    server.process.terminate()
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


def seed(sync: Server, customers: int) -> None:
    """A user and `customers` customers, through the sync app's API."""
    with httpx.Client(base_url=sync.url, timeout=30) as client:
        user = {"email": "bench@acme.test", "password": PASSWORD, "full_name": "Bench"}
        client.post("/auth/register", json=user).raise_for_status()
        headers = {"Authorization": f"Bearer {login(sync)}"}
        for number in range(customers):
            customer = {"name": f"Customer {number:04d}", "city": ("Lyon", "Oslo")[number % 2]}
            client.post("/customers", json=customer, headers=headers).raise_for_status()


def login(server: Server) -> str:
    credentials = {"email": "bench@acme.test", "password": PASSWORD}
    response = httpx.post(f"{server.url}/auth/login", json=credentials, timeout=30)
    response.raise_for_status()
    return str(response.json()["access_token"])


def check(server: Server, endpoints: Sequence[Endpoint]) -> None:
    """Each endpoint answers 200 once before the load, on PostgreSQL."""
    headers = {"Authorization": f"Bearer {server.token}"}
    for endpoint in endpoints:
        response = httpx.get(f"{server.url}{endpoint.path}", headers=headers, timeout=30)
        if response.status_code != 200:
            raise SystemExit(f"{server.label} {endpoint.path}: {response.status_code}")
        if endpoint.name == "sleep" and response.json().get("dialect") != "postgresql":
            raise SystemExit(f"{server.label} {endpoint.path}: {response.text}")


@contextlib.contextmanager
def serving(servers: Sequence[Server], url: str, logs: Path) -> Iterator[None]:
    try:
        for server in servers:
            start(server, app_env(url), logs)
        for server in servers:
            wait_until_up(server, logs)
        yield
    finally:
        for server in servers:
            stop(server)


def terminate_as_interrupt(signum: int, frame: FrameType | None) -> None:
    """SIGTERM unwinds like Ctrl-C: the servers stop and the database is dropped (a second
    SIGTERM is ignored, so as not to cut that short)."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise KeyboardInterrupt


# -- the report ---------------------------------------------------------------------------


def versions() -> str:
    found = []
    for name in VERSIONS:
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            found.append(f"{name} {importlib.metadata.version(name)}")
    return ", ".join(found)


def environment(server_version: str) -> list[str]:
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    tool = subprocess.run(
        [*sqla_async(), "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return [
        f"- machine: {os.cpu_count()} CPUs ({usable} usable), {platform.machine()}, "
        f"{platform.system()} {platform.release()}; load average at the start {load}",
        f"- Python {platform.python_version()}, PostgreSQL {server_version}, {versions()}, "
        f"{tool or 'sqla-async (version unknown)'}",
        f"- both apps: one uvicorn process, asyncio loop, h11; pools {POOL_SIZE} + "
        f"{MAX_OVERFLOW} (SQLAlchemy's defaults); the sync app's threadpool {THREADS}",
    ]


def ceiling(row: Row, delay: float) -> str:
    """The bound the pool and the clients set on `sleep`: min(C, 15) / D."""
    if row.endpoint.name != "sleep" or delay <= 0:
        return "-"
    bound = min(row.clients, POOL, THREADS if row.app == "sync" else row.clients)
    why = "pool" if bound == POOL else "clients"
    return f"{bound / delay:.0f} ({why})"


def number(value: float | None, form: str, scale: float = 1) -> str:
    return "-" if value is None or math.isnan(value) else format(value * scale, form)


def table(rows: Sequence[Row], delay: float) -> list[str]:
    lines = [
        "| endpoint | app | clients | requests/s | p50 ms | p99 ms | errors | ceiling "
        "| server CPU | CPU ms/req | waited for a core |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        cells = [
            row.endpoint.name,
            row.app,
            str(row.clients),
            number(row.median("requests_per_s"), ".0f"),
            number(row.median("p50_ms"), ".1f"),
            number(row.median("p99_ms"), ".1f"),
            str(row.errors),
            ceiling(row, delay),
            number(row.median("server_cpu"), ".0%"),
            number(row.median("cpu_ms_per_request"), ".2f"),
            number(row.median("cpu_wait"), ".0%"),
        ]
        lines.append(f"| {' | '.join(cells)} |")
    return lines


# -- the benchmark ------------------------------------------------------------------------


def options(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="The example app, sync and migrated to async, under the same load."
    )
    parser.add_argument("--dsn", default=DEFAULT_DSN, help=f"PostgreSQL (default {DEFAULT_DSN})")
    parser.add_argument("--concurrency", default="10,50,100", help="clients (default 10,50,100)")
    parser.add_argument("--duration", type=float, default=5.0, help="measured seconds (5)")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds before that (1)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (median; 3)")
    parser.add_argument("--delay", type=float, default=0.05, help="pg_sleep seconds (0.05)")
    parser.add_argument(
        "--endpoints", default="sleep,customers", help="sleep, customers (default both)"
    )
    parser.add_argument("--customers", type=int, default=100, help="customers seeded (100)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per request (60)")
    parser.add_argument(
        "--migrated",
        type=Path,
        help="serve a copy of this migration of examples/crm (`sqla-async migrate COPY "
        "--target async --apply`, made beforehand) instead of migrating a copy",
    )
    parser.add_argument(
        "--quick", action="store_true", help="--concurrency 2 --duration 1 --warmup 0.5 --repeat 1"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.concurrency, args.duration, args.repeat, args.warmup = "2", 1.0, 1, 0.5
    args.clients = [int(c) for c in args.concurrency.split(",")]
    known = {
        "sleep": Endpoint("sleep", f"/health/db?delay={args.delay:g}", authenticated=False),
        "customers": Endpoint("customers", "/customers?size=20", authenticated=True),
    }
    names = [n.strip() for n in args.endpoints.split(",") if n.strip()]
    if not names or set(names) - set(known):
        parser.error(f"--endpoints: choose among {', '.join(known)}")
    args.endpoint_list = [known[n] for n in names]
    if min(args.clients) < 1 or args.duration <= 0 or args.warmup < 0 or args.repeat < 1:
        parser.error("--concurrency, --duration and --repeat must be positive")
    return args


def measure(servers: Sequence[Server], args: argparse.Namespace) -> list[Row]:
    """Every (endpoint, clients, app) `--repeat` times, the apps' order alternating."""
    rows = {
        (e.name, c, s.label): Row(e, s.label, c)
        for e in args.endpoint_list
        for c in args.clients
        for s in servers
    }
    for round_ in range(args.repeat):
        order = servers if round_ % 2 == 0 else list(reversed(servers))
        for endpoint in args.endpoint_list:
            for clients in args.clients:
                for server in order:
                    for each in servers:
                        if (waited := settle(each)) > 1:
                            log(f"  the {each.label} app took {waited:.0f} s to settle")
                    done = run_once(server, endpoint, clients, args)
                    row = rows[(endpoint.name, clients, server.label)]
                    row.samples += done.samples
                    row.first_error = row.first_error or done.first_error
                    sample = done.samples[0]
                    log(
                        f"  {round_ + 1}/{args.repeat} {endpoint.name} {server.label} "
                        f"x{clients}: {sample.requests_per_s:.0f} req/s, p99 "
                        f"{sample.p99_ms:.0f} ms, {sample.errors} error(s), "
                        f"load generator {sample.client_cpu:.0%} of a core"
                    )
    return list(rows.values())


def main(argv: Sequence[str] | None = None) -> int:
    args = options(argv)
    try:
        import uvicorn  # noqa: F401
    except ImportError:
        raise SystemExit(
            "this benchmark serves the apps with uvicorn: pip install uvicorn"
        ) from None
    signal.signal(signal.SIGTERM, terminate_as_interrupt)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="sqla-async-concurrency-") as temporary:
        folder = Path(temporary)
        migrating = "copying the migrated one" if args.migrated else "migrating one copy"
        log(f"copying the example and {migrating} in {folder}")
        sync_app, async_app = copy_apps(folder, args.migrated)
        servers = [Server("sync", sync_app), Server("async", async_app)]
        with fresh_database(args.dsn) as (name, server_version):
            url = database_url(args.dsn, name, "postgresql+psycopg2")
            log(f"database {name}: schema and {args.customers} customers")
            header = environment(server_version)
            create_schema(sync_app, app_env(url))
            with serving(servers, url, folder):
                seed(servers[0], args.customers)
                for server in servers:
                    server.token = login(server)
                    check(server, args.endpoint_list)
                rows = measure(servers, args)
    command = " ".join(["python bench/concurrency.py", *(sys.argv[1:] if argv is None else argv)])
    elapsed = time.perf_counter() - started
    print(f"`{command}`: {args.repeat} run(s) of each, medians; {elapsed:.0f} s in all\n")
    print("\n".join(header))
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    busiest = max(s.client_cpu for row in rows for s in row.samples)
    print(
        f"- load average at the end {load}; the load generator used at most {busiest:.0%} "
        "of a core\n"
    )
    print("\n".join(table(rows, args.delay)))
    failed = [row for row in rows if row.errors]
    if failed:
        print()
    for row in failed:
        print(
            f"- {row.endpoint.name} {row.app} x{row.clients}: {row.errors} error(s), first: "
            f"{row.first_error}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM, once everything was cleaned up
        log("interrupted")
        sys.exit(130)
