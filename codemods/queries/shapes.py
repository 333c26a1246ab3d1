"""Entity or column? The decision, on a description of the expression both parsers give.

`query(X)` returns rows of objects when X is an entity, rows of values otherwise; the
result calls depend on it. The same rules serve the LibCST planner (for the file being
migrated) and the stdlib-`ast` index (for queries built in another file): an expression
is described as `Written`, and `shape_of` decides.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Set
from dataclasses import dataclass
from typing import Literal

from codemods.models_index import Model

Shape = Literal["entity", "column", "unknown"]
WrittenKind = Literal["name", "attribute", "call", "other"]
CAMEL_CASE = re.compile(r"^_*[A-Z][A-Za-z0-9_]*[a-z][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Written:
    """An expression as far as the decision needs it."""

    kind: WrittenKind
    last: str = ""  # a name's or attribute's last part; a call's function's last part
    qualified: frozenset[str] = frozenset()  # what it refers to, qualified
    owner: Written | None = None  # `X` in `X.attr`
    entity_attribute: bool = False  # `self.model` of a class that holds a mapped class


def model_of(written: Written, models: Mapping[str, Model]) -> Model | None:
    for name in sorted(written.qualified):
        if name in models:
            return models[name]
    return None


def _defined_but_not_mapped(
    written: Written, models: Mapping[str, Model], modules: Set[str]
) -> bool:
    """A class the project defines that the index did not find mapped (a schema, say)."""
    defined_here = {name.rsplit(".", 1)[0] for name in written.qualified} & modules
    return bool(defined_here) and not written.qualified & set(models)


def is_entity(written: Written, models: Mapping[str, Model], modules: Set[str]) -> bool:
    if model_of(written, models) is not None or written.entity_attribute:
        return True
    if written.kind == "call":
        return written.last == "aliased"
    if written.kind not in ("name", "attribute"):
        return False
    return bool(CAMEL_CASE.match(written.last)) and not _defined_but_not_mapped(
        written, models, modules
    )


def shape_of(written: Written, models: Mapping[str, Model], modules: Set[str]) -> Shape:
    if is_entity(written, models, modules):
        return "entity"
    owner = written.owner
    if written.kind == "attribute" and owner is not None:
        if owner.kind == "attribute" and owner.last in ("c", "columns"):
            return "column"  # `counts.c.n`, `users_table.c.email`
        if is_entity(owner, models, modules):
            model = model_of(owner, models)
            if model is not None and written.last in model.relationships:
                return "unknown"  # `query(User.posts)`: rare, and not a column
            return "column"
    if written.kind in ("name", "attribute"):
        return "unknown"
    return "column"  # an expression: func.count(...), X.a + 1, literal_column(...)
