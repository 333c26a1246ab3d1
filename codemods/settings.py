"""Names and options: defaults, `[tool.sqla-async]` in pyproject.toml, CLI overrides.

Settings are frozen and made of tuples so that they pickle to worker processes and can
key a cache; a CLI flag always wins over the file.
"""

from __future__ import annotations

import fnmatch
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

SessionKind = Literal["sync", "async"]
FirstStyle = Literal["safe", "one-or-none"]
FIRST_STYLES: tuple[FirstStyle, ...] = ("safe", "one-or-none")
# "sync-2.0": 2.0-style queries on the sessions the code has; "async": AsyncSession,
# coroutines and awaits across the project (incomplete until lazy loads are handled).
Target = Literal["sync-2.0", "async"]
TARGETS: tuple[Target, ...] = ("sync-2.0", "async")

DEFAULT_SESSION_NAMES = ("db", "db_session", "session", "sess")
DEFAULT_SESSION_TYPES = ("sqlalchemy.orm.Session", "sqlmodel.Session")
ASYNC_SESSION_TYPES = (
    "sqlalchemy.ext.asyncio.AsyncSession",
    "sqlmodel.ext.asyncio.session.AsyncSession",
)
# The same class reached through the module that defines it rather than the package
# that re-exports it; `from sqlalchemy.orm.session import Session` is the same Session.
REEXPORTED_AS = {
    "sqlalchemy.orm.session.Session": "sqlalchemy.orm.Session",
    "sqlalchemy.ext.asyncio.session.AsyncSession": "sqlalchemy.ext.asyncio.AsyncSession",
    "sqlmodel.orm.session.Session": "sqlmodel.Session",
}


class SettingsError(ValueError):
    """The configuration cannot be used; the message names the key and the file."""


@dataclass(frozen=True)
class AllowEntry:
    """A reasoned exception from `[[tool.sqla-async.allow]]`."""

    path: str
    rule: str
    reason: str


@dataclass(frozen=True)
class Settings:
    session_names: tuple[str, ...] = DEFAULT_SESSION_NAMES
    session_types: tuple[str, ...] = DEFAULT_SESSION_TYPES
    dependencies: tuple[tuple[str, str], ...] = (("get_db", "get_async_db"),)
    factories: tuple[tuple[str, str], ...] = (("SessionLocal", "AsyncSessionLocal"),)
    keep_sync: tuple[str, ...] = ()
    first_style: FirstStyle = "safe"
    target: Target = "async"
    todo_comments: bool = False  # mark what is left with `# TODO(sqla-async): ...`
    exclude: tuple[str, ...] = ()
    allow: tuple[AllowEntry, ...] = field(default=())

    def session_kind_of_type(self, qualified_name: str) -> SessionKind | None:
        """'sync' or 'async' when the qualified name is a session class, else None."""
        name = REEXPORTED_AS.get(qualified_name, qualified_name)
        if name in self.session_types:
            return "sync"
        if name in ASYNC_SESSION_TYPES:
            return "async"
        return None

    def factory_kind(self, name: str) -> SessionKind | None:
        """'sync' or 'async' when `name` (last dotted part) is a configured sessionmaker."""
        return _kind_in_pairs(self.factories, name)

    def async_factory_name(self, short: str) -> str:
        """The async twin's name of a sync sessionmaker: the configured one, else the same
        name marked async (`TestingSessionLocal` -> `AsyncTestingSessionLocal`)."""
        paired = dict(self.factories)
        if short in paired:
            return paired[short]
        return f"async_{short}" if short[:1].islower() else f"Async{short}"

    def keeps_sync(self, qualified_name: str) -> bool:
        """Listed in `keep-sync`: the name, or a module or class it belongs to, matches."""
        return any(
            fnmatch.fnmatchcase(qualified_name, pattern) or qualified_name.startswith(f"{pattern}.")
            for pattern in self.keep_sync
        )

    def provider_kind(self, name: str) -> SessionKind | None:
        """'sync' or 'async' when `name` (last dotted part) is a session dependency."""
        return _kind_in_pairs(self.dependencies, name)

    def async_names(self) -> set[str]:
        """Names whose presence in a file may bring an async session into it."""
        return {"AsyncSession", *(a for _, a in self.dependencies), *(a for _, a in self.factories)}


def _kind_in_pairs(pairs: tuple[tuple[str, str], ...], name: str) -> SessionKind | None:
    short = name.rsplit(".", 1)[-1]
    if any(short == sync for sync, _ in pairs):
        return "sync"
    if any(short == async_ for _, async_ in pairs):
        return "async"
    return None


def _string_tuple(value: Any, key: str, source: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise SettingsError(f"{source}: `{key}` must be a list of strings")
    return tuple(value)


def _string_pairs(value: Any, key: str, source: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise SettingsError(f'{source}: `{key}` must be a table of names, like {{ a = "b" }}')
    return tuple(value.items())


def _first_style(value: Any, source: str) -> FirstStyle:
    for style in FIRST_STYLES:
        if value == style:
            return style
    raise SettingsError(f"{source}: `first-style` must be one of {', '.join(FIRST_STYLES)}")


def _boolean(value: Any, key: str, source: str) -> bool:
    if not isinstance(value, bool):
        raise SettingsError(f"{source}: `{key}` must be true or false")
    return value


def _target(value: Any, source: str) -> Target:
    for target in TARGETS:
        if value == target:
            return target
    raise SettingsError(f"{source}: `target` must be one of {', '.join(TARGETS)}")


def _allow_entries(value: Any, source: str) -> tuple[AllowEntry, ...]:
    if not isinstance(value, list):
        raise SettingsError(f"{source}: `allow` must be an array of tables")
    entries = []
    for item in value:
        if not isinstance(item, dict) or set(item) - {"path", "rule", "reason"}:
            raise SettingsError(f"{source}: each `allow` entry takes path, rule and reason")
        path, rule, reason = (item.get(k, "") for k in ("path", "rule", "reason"))
        if not all(isinstance(v, str) for v in (path, rule, reason)) or not path or not rule:
            raise SettingsError(f"{source}: each `allow` entry needs a path glob and a rule")
        entries.append(AllowEntry(path=path, rule=rule, reason=reason.strip()))
    return tuple(entries)


def _parsers(source: str) -> dict[str, Any]:
    """`[tool.sqla-async]` key -> a parser giving (Settings field, checked value)."""
    return {
        "session-names": lambda v: ("session_names", _string_tuple(v, "session-names", source)),
        "session-types": lambda v: ("session_types", _string_tuple(v, "session-types", source)),
        "dependencies": lambda v: ("dependencies", _string_pairs(v, "dependencies", source)),
        "factories": lambda v: ("factories", _string_pairs(v, "factories", source)),
        "keep-sync": lambda v: ("keep_sync", _string_tuple(v, "keep-sync", source)),
        "first-style": lambda v: ("first_style", _first_style(v, source)),
        "target": lambda v: ("target", _target(v, source)),
        "todo-comments": lambda v: ("todo_comments", _boolean(v, "todo-comments", source)),
        "exclude": lambda v: ("exclude", _string_tuple(v, "exclude", source)),
        "allow": lambda v: ("allow", _allow_entries(v, source)),
    }


def settings_from_table(
    table: Mapping[str, Any], source: str, base: Settings | None = None
) -> Settings:
    """Build settings from a `[tool.sqla-async]` table; unknown keys are an error."""
    parsers = _parsers(source)
    unknown = sorted(set(table) - set(parsers))
    if unknown:
        raise SettingsError(
            f"{source}: unknown key(s) in [tool.sqla-async]: {', '.join(unknown)} "
            f"(known: {', '.join(parsers)})"
        )
    changes = dict(parsers[key](value) for key, value in table.items())
    return replace(base or Settings(), **changes)


def load_settings(root: Path) -> Settings:
    """Read `[tool.sqla-async]` from `root/pyproject.toml`; defaults when absent."""
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file():
        return Settings()
    try:
        document = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SettingsError(f"{pyproject}: cannot read TOML: {error}") from error
    table = document.get("tool", {}).get("sqla-async", {})
    if not isinstance(table, dict):
        raise SettingsError(f"{pyproject}: [tool.sqla-async] must be a table")
    return settings_from_table(table, str(pyproject))
