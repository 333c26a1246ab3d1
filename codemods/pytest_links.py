"""How pytest hands fixtures to tests, as edges of the project's call graph.

pytest calls no fixture by name in the code: a test (or a fixture) requests one by naming
a parameter after it, and pytest looks the name up in the test's module, then in the
`conftest.py` of its folder and of every folder above. Sessions flow along those links
just as along calls:

    @pytest.fixture                      def test_create(db: Session):
    def db():                                crud.create(db, ...)   # session I/O
        yield SessionLocal()

Once `test_create` awaits, `db` must yield an AsyncSession: a fixture that hands out a
session and the functions that request it become async together (or stay sync together).
A fixture that only does I/O (`def user(db): return crud.create(db, ...)`) becomes an
async fixture on its own; pytest-asyncio hands its value to sync and async tests alike,
anyio only to async tests, so with anyio every request counts as a call.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from pathlib import PurePosixPath

from codemods.callgraph import CallSite, FunctionFacts


def is_test_module(relpath: str) -> bool:
    """`test_*.py`, `*_test.py`, `conftest.py`, or any module under a `tests` folder."""
    path = PurePosixPath(relpath)
    name = path.name
    in_tests = any(part in ("tests", "test") for part in path.parts[:-1])
    return (
        name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py" or in_tests
    )


def is_test_module_name(module: str) -> bool:
    """The same, for a dotted module name (`tests.test_users`)."""
    return is_test_module(module.replace(".", "/") + ".py")


def is_test(function: FunctionFacts) -> bool:
    """`test_*` functions of `test_*.py` / `*_test.py` modules, also in `Test*` classes."""
    filename = PurePosixPath(function.relpath).name
    if not (filename.startswith("test_") or filename.endswith("_test.py")):
        return False
    parts = function.name.split(".")
    if "<locals>" in parts or not parts[-1].startswith("test"):
        return False
    return not function.is_method or parts[-2].startswith("Test")


def _visible_fixtures(
    functions: Iterable[FunctionFacts],
) -> dict[str, dict[str, FunctionFacts]]:
    """Folder or module path -> fixture name -> fixture: `conftest.py` fixtures belong to
    their folder, the others to their module (and the classes in it)."""
    scopes: dict[str, dict[str, FunctionFacts]] = {}
    for function in functions:
        if function.fixture is None or "<locals>" in function.name:
            continue
        path = PurePosixPath(function.relpath)
        key = str(path.parent) if path.name == "conftest.py" else function.relpath
        scopes.setdefault(key, {})[function.fixture.name] = function
    return scopes


def _lookup(
    consumer: FunctionFacts, name: str, scopes: Mapping[str, Mapping[str, FunctionFacts]]
) -> FunctionFacts | None:
    """The fixture pytest hands `consumer` for the parameter `name`; a fixture that
    requests its own name gets the one it overrides, from further up."""
    path = PurePosixPath(consumer.relpath)
    for key in [consumer.relpath, *(str(folder) for folder in path.parents)]:
        found = scopes.get(key, {}).get(name)
        if found is not None and found.name != consumer.name:
            return found
    return None


def fixture_requests(
    functions: Sequence[FunctionFacts],
) -> list[tuple[FunctionFacts, str, FunctionFacts]]:
    """(test or fixture, parameter, the fixture it receives) for every request."""
    scopes = _visible_fixtures(functions)
    found = []
    for consumer in functions:
        if consumer.fixture is None and not is_test(consumer):
            continue
        for parameter in consumer.parameters[1 if consumer.is_method else 0 :]:
            fixture = _lookup(consumer, parameter, scopes)
            if fixture is not None:
                found.append((consumer, parameter, fixture))
    return found


def link_fixtures(functions: Sequence[FunctionFacts], anyio: bool) -> tuple[FunctionFacts, ...]:
    """The functions, with each request of a session fixture (of any fixture under
    anyio) as a call to it, the parameter a session of the fixture's kind."""
    requests: dict[str, list[tuple[str, FunctionFacts]]] = {}
    for consumer, parameter, fixture in fixture_requests(functions):
        if fixture.provides_session or anyio:
            requests.setdefault(consumer.name, []).append((parameter, fixture))
    return tuple(_linked(f, requests.get(f.name, [])) for f in functions)


def _linked(consumer: FunctionFacts, requests: list[tuple[str, FunctionFacts]]) -> FunctionFacts:
    if not requests:
        return consumer
    sessions = dict(consumer.sessions)
    calls = list(consumer.calls)
    for parameter, fixture in requests:
        if fixture.provides_session and parameter not in consumer.sessions:
            sessions[parameter] = next(iter(fixture.sessions.values()), "sync")
        calls.append(CallSite(fixture.name, consumer.line, -1, True, "fixture", False, (), ()))
    parameters = tuple(p for p in consumer.parameters if p in sessions)
    return dataclasses.replace(
        consumer,
        sessions=sessions,
        session_parameters=tuple(dict.fromkeys([*consumer.session_parameters, *parameters])),
        calls=tuple(calls),
    )


# Test-case classes whose runner calls test methods without awaiting them.
SYNC_TEST_CASES = frozenset({"unittest.TestCase", "unittest.case.TestCase"})


def unittest_methods(
    functions: Sequence[FunctionFacts], bases: Mapping[str, tuple[str, ...]]
) -> dict[str, str]:
    """Methods of `unittest.TestCase` subclasses: the runner calls them and never awaits
    (`IsolatedAsyncioTestCase` would), so they cannot become coroutines."""
    found = {}
    for function in functions:
        owner = function.name.rsplit(".", 1)[0] if function.is_method else ""
        if owner and _derives(owner, bases, set()):
            found[function.name] = "a method of a `unittest.TestCase`, whose runner never awaits it"
    return found


def _derives(name: str, bases: Mapping[str, tuple[str, ...]], seen: set[str]) -> bool:
    if name in SYNC_TEST_CASES:
        return True
    if name in seen:
        return False
    seen.add(name)
    return any(_derives(base, bases, seen) for base in bases.get(name, ()))
