"""Which pytest plugin runs the project's async tests, and how it is configured.

Async tests need a plugin: pytest-asyncio (`@pytest.mark.asyncio`, `@pytest_asyncio.fixture`,
or neither in `asyncio_mode = auto`) or anyio (`@pytest.mark.anyio`). The tool follows
what the project already uses (its markers, fixtures, configuration and dependencies) and
picks pytest-asyncio for a project that has none; the run then says the plugin must be
added to the test dependencies.
"""

from __future__ import annotations

import configparser
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from codemods.callgraph import FunctionFacts

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

# Files where pytest reads its options, and the section in each.
PYTEST_CONFIG_SECTIONS = (
    ("pytest.ini", "pytest"),
    ("tox.ini", "pytest"),
    ("setup.cfg", "tool:pytest"),
)
DEPENDENCY_FILES = ("pyproject.toml", "setup.cfg", "setup.py", "Pipfile", "tox.ini")
SCOPES = ("function", "class", "module", "package", "session")  # narrowest first


@dataclass(frozen=True)
class PytestSetup:
    plugin: str = "pytest-asyncio"  # or "anyio"
    auto_mode: bool = False  # pytest-asyncio's `asyncio_mode = auto`: no markers needed
    declared: bool = False  # the project's dependency files name the plugin
    # `asyncio_default_fixture_loop_scope` is set: pytest-asyncio warns at start-up without it
    loop_scope_configured: bool = False

    @property
    def anyio(self) -> bool:
        return self.plugin == "anyio"

    def advice(self) -> list[str]:
        """What the project must add for its async tests to run cleanly."""
        found = []
        if not self.declared:
            found.append(f"add {self.plugin} to the test dependencies, it runs them")
        if not self.anyio and not self.loop_scope_configured:
            found.append(
                "set `asyncio_default_fixture_loop_scope = function` in the pytest"
                " configuration (pytest-asyncio warns at start-up without it)"
            )
        return found


def _ini_options(root: Path) -> dict[str, str]:
    options: dict[str, str] = {}
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        try:
            table = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            table = {}
        ini = table.get("tool", {}).get("pytest", {}).get("ini_options", {})
        options.update({str(k): str(v) for k, v in ini.items()})
    for filename, section in PYTEST_CONFIG_SECTIONS:
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read(root / filename, encoding="utf-8")
        except (configparser.Error, UnicodeDecodeError):
            continue
        if parser.has_section(section):
            options.update(parser[section])
    return options


def _dependency_files(root: Path) -> list[Path]:
    files = [root / name for name in DEPENDENCY_FILES] + sorted(root.glob("requirements*.txt"))
    return files + sorted(root.glob("requirements/*.txt"))


def setup_files(root: Path) -> list[Path]:
    """Every file this module may read (the audit cache keys a whole run by them too)."""
    config = [root / "pyproject.toml", *(root / name for name, _ in PYTEST_CONFIG_SECTIONS)]
    return list(dict.fromkeys([*config, *_dependency_files(root)]))


def _declared(root: Path) -> set[str]:
    """The async test plugins the project's dependency files name."""
    found = set()
    for path in _dependency_files(root):
        try:
            text = path.read_text(encoding="utf-8").lower()
        except (OSError, UnicodeDecodeError):
            continue
        if re.search(r"pytest[-_]asyncio", text):
            found.add("pytest-asyncio")
        if re.search(r"(?<![\w-])anyio(?![\w-])", text):
            found.add("anyio")
    return found


def _used_in_code(functions: Iterable[FunctionFacts]) -> set[str]:
    found = set()
    for function in functions:
        for decorator in function.decorators:
            if decorator.startswith("pytest.mark.anyio"):
                found.add("anyio")
            if decorator.startswith(("pytest.mark.asyncio", "pytest_asyncio.")):
                found.add("pytest-asyncio")
        if function.fixture is not None and function.fixture.name == "anyio_backend":
            found.add("anyio")
    return found


def pytest_setup(root: Path, functions: Iterable[FunctionFacts]) -> PytestSetup:
    options = _ini_options(root)
    declared = _declared(root)
    used = _used_in_code(functions)
    if options.get("asyncio_mode"):
        used.add("pytest-asyncio")
    plugin = "anyio" if "anyio" in used and "pytest-asyncio" not in used else "pytest-asyncio"
    return PytestSetup(
        plugin,
        options.get("asyncio_mode", "").strip() == "auto",
        plugin in declared or plugin in used,
        "asyncio_default_fixture_loop_scope" in options,
    )


def widest_scope(scopes: Iterable[str]) -> str:
    known = [scope for scope in scopes if scope in SCOPES]
    return max(known, key=SCOPES.index, default="function")
