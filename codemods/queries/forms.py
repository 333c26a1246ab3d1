"""Which Result calls return what each legacy Query consumer returned.

Facts (SQLAlchemy 2.x `orm/query.py`, `orm/util._getitem`):

- `Query._iter()`: a single-entity result becomes scalars; a result holding any entity is
  de-duplicated. So `.scalars()` only for one entity; `.unique()` when entity rows can
  repeat (joins, joined eager loads of collections);
- `first()` applies `LIMIT 1` (replacing any earlier limit) and takes the first row;
- `one()` / `one_or_none()` raise on several (de-duplicated) rows;
- `scalar()` is `one()` (several rows raise, none gives None), then the first element;
- `count()` counts the rows of the whole query wrapped in a subquery;
- `q[i]` is `list(q[i:i + 1])[0]`, `q[a:b]` is `list(q.slice(a, b))`;
- `delete()` / `update(values)` run a bulk statement built from the query's entity and
  its WHERE criteria alone (`Query.delete()`: `delete_._where_criteria =
  self._where_criteria`; limits, ordering and joins raise), and return the matched row
  count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Statement = Literal["select", "delete", "update"]


@dataclass(frozen=True)
class Plan:
    """How to write one chain as `db.execute(<statement>)<result calls>`."""

    renames: tuple[str, ...]  # the statement method for each link before the consumer
    result: tuple[str, ...]  # methods called on the Result, in order
    statement: Statement = "select"
    limit_one: bool = False  # `first()`: append `.limit(1)`
    window: tuple[int, int] | None = None  # `[i]` / `[a:b]`: append `.slice(a, b)`
    count: Literal["", "short", "subquery"] = ""
    rowcount: bool = False  # a bulk statement whose row count is used
    # A bulk statement on a variable holding `select(X)...`: `delete(X)` / `update(X)`
    # takes the criteria it gathered, `.where(<variable>.whereclause)`.
    held_criteria: bool = False
    executed: bool = True  # False: only the statement (`q = select(...)`, `.subquery()`)
    forced_one_or_none: bool = False  # `first-style = "one-or-none"` made the choice
    spellings: tuple[tuple[str, str], ...] = field(default=())  # name -> as written here

    @property
    def names(self) -> frozenset[str]:
        """The `sqlalchemy` names the rewritten code uses."""
        if self.statement != "select":
            return frozenset({self.statement})
        return frozenset({"select", "func"} if self.count else {"select"})

    def spelling(self, name: str) -> str:
        return dict(self.spellings).get(name, name)


@dataclass(frozen=True)
class Refusal:
    reason: str


def rows(scalars: bool, unique: bool, *last: str) -> tuple[str, ...]:
    """`.scalars()` for one entity, `.unique()` where entity rows may repeat, then `last`."""
    return (*(("scalars",) if scalars else ()), *(("unique",) if unique else ()), *last)


def executed(method: str, scalars: bool, unique: bool, renames: tuple[str, ...]) -> Plan:
    """`all()`, `one()`, `one_or_none()`, `scalar()` (`first()` and `count()` need more)."""
    if method == "scalar":
        return Plan(renames, rows(False, unique, "scalar_one_or_none"))
    if method == "all":
        return Plan(renames, rows(scalars, unique, "all"))
    if scalars and not unique:
        return Plan(renames, ("scalar_one",) if method == "one" else ("scalar_one_or_none",))
    return Plan(renames, rows(scalars, unique, method))


def first(
    scalars: bool, unique: bool, one_row: bool, forced: bool, renames: tuple[str, ...]
) -> Plan:
    """`first()`: the short form only where at most one row is proven (or asked for)."""
    if scalars and (one_row or forced):
        return Plan(
            renames,
            rows(False, unique, "scalar_one_or_none"),
            forced_one_or_none=not one_row,
        )
    return Plan(renames, rows(scalars, unique, "first"), limit_one=True)


def iterated(scalars: bool, unique: bool, renames: tuple[str, ...]) -> Plan:
    """`for x in q`, `list(q)`: iterate the Result the legacy Query iterated."""
    return Plan(renames, rows(scalars, unique))


def windowed(
    scalars: bool, unique: bool, window: tuple[int, int], renames: tuple[str, ...]
) -> Plan:
    """`q[i]` / `q[a:b]`: the rows of `.slice(a, b)` as a list (indexed by the caller)."""
    return Plan(renames, rows(scalars, unique, "all"), window=window)


def bulk(
    statement: Statement, value_used: bool, renames: tuple[str, ...], held_criteria: bool = False
) -> Plan:
    return Plan(renames, (), statement=statement, rowcount=value_used, held_criteria=held_criteria)
