"""The project's mapped classes, read with the stdlib `ast`: keys, unique columns, relationships.

What the query rewrite must prove from the models:

- whether `query(X)` selects an entity (rows of objects) or columns (rows of values);
- whether a filter can match at most one row (an equality on the whole primary key or
  on a single-column unique key), which lets `first()` become `scalar_one_or_none()`;
- whether a relationship is a collection (a joined eager load of it needs `.unique()`).

Both declarative styles are read: `x = Column(...)` and `x: Mapped[T] = mapped_column(...)`
(or a bare `x: Mapped[T]`), with `unique=True`, `primary_key=True`, and single-column
`UniqueConstraint` / unique `Index` in `__table_args__`. A class is a model when it
declares mapped attributes or `__tablename__`, or inherits from a model (it then
inherits that model's keys and attributes: single- and joined-table inheritance alike).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from libcst.helpers import ModuleNameAndPackage

from codemods.astnames import dotted as _dotted
from codemods.astnames import imported_names, qualify, qualify_in_module

COLUMN_MAKERS = frozenset({"Column", "mapped_column", "column_property", "synonym"})
RELATIONSHIP_MAKERS = frozenset({"relationship", "relation", "backref"})
COLLECTION_TYPES = frozenset(
    {"list", "List", "set", "Set", "frozenset", "FrozenSet", "Sequence", "Collection"}
)
MAPPED_TYPES = frozenset({"Mapped", "WriteOnlyMapped", "DynamicMapped"})


@dataclass(frozen=True)
class Relationship:
    target: str  # the target class as written ("Post", "app.models.Post")
    collection: bool | None  # None: cannot tell
    lazy: str | None = None


@dataclass(frozen=True)
class Model:
    name: str  # qualified: "app.models.User"
    bases: tuple[str, ...] = ()
    columns: frozenset[str] = frozenset()
    primary_key: tuple[str, ...] = ()
    unique: frozenset[str] = frozenset()
    not_null: frozenset[str] = frozenset()
    relationships: Mapping[str, Relationship] = field(default_factory=dict)


# Strategies under which a read never loads through the session (or cannot be awaited).
NOT_LAZY = frozenset({"raise", "raise_on_sql", "noload", "dynamic", "write_only"})


def lazy_relationship_names(models: Mapping[str, Model]) -> frozenset[str]:
    """Names of relationships that load on first read, in any model."""
    return frozenset(
        name
        for model in models.values()
        for name, relationship in model.relationships.items()
        if relationship.lazy not in NOT_LAZY
    )


def _short(name: str | None) -> str:
    return (name or "").rsplit(".", 1)[-1]


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _is_true(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def _maker(value: ast.expr | None, imported: Mapping[str, str]) -> tuple[str, ast.Call] | None:
    if not isinstance(value, ast.Call):
        return None
    return _short(qualify(value.func, imported)), value


@dataclass
class _ClassFacts:
    columns: set[str] = field(default_factory=set)
    primary_key: list[str] = field(default_factory=list)
    unique: set[str] = field(default_factory=set)
    not_null: set[str] = field(default_factory=set)
    column_names: dict[str, str] = field(default_factory=dict)  # DB column name -> attribute
    relationships: dict[str, Relationship] = field(default_factory=dict)
    foreign_keys_to: set[str] = field(default_factory=set)  # referenced table names
    tablename: str | None = None
    declared: bool = False


def _annotation_target(annotation: ast.expr | None) -> str | None:
    """`Mapped[list["Post"]]` / `Mapped[Optional[Post]]` -> "Post"."""
    node = annotation.slice if isinstance(annotation, ast.Subscript) else None
    while isinstance(node, ast.Subscript):
        node = node.slice
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.split("[")[-1].strip("]\"' ")
    return _dotted(node) if node is not None else None


def _annotation_collection(annotation: ast.expr | None) -> bool | None:
    """`Mapped[list["Post"]]` -> True, `Mapped["User"]` -> False, anything else -> None."""
    if not isinstance(annotation, ast.Subscript) or _short(_dotted(annotation.value)) not in (
        MAPPED_TYPES
    ):
        return None
    inner = annotation.slice
    if isinstance(inner, ast.Subscript):
        return _short(_dotted(inner.value)) in COLLECTION_TYPES
    return False


def _optional(annotation: ast.expr | None) -> bool | None:
    """For `Mapped[X]`: whether X admits None (`Optional[...]`, `... | None`)."""
    if not isinstance(annotation, ast.Subscript):
        return None
    inner = annotation.slice
    if isinstance(inner, ast.Subscript):
        return _short(_dotted(inner.value)) == "Optional"
    if isinstance(inner, ast.BinOp) and isinstance(inner.op, ast.BitOr):
        sides = (inner.left, inner.right)
        return any(isinstance(side, ast.Constant) and side.value is None for side in sides)
    if isinstance(inner, ast.Constant) and isinstance(inner.value, str):
        return "Optional[" in inner.value or "None" in inner.value
    return False


def _column(
    facts: _ClassFacts, attribute: str, call: ast.Call, kind: str, annotation: ast.expr | None
) -> None:
    facts.columns.add(attribute)
    facts.declared = True
    if kind not in ("Column", "mapped_column"):
        return
    name = next((a.value for a in call.args if isinstance(a, ast.Constant)), attribute)
    facts.column_names[str(name)] = attribute
    primary = _is_true(_keyword(call, "primary_key"))
    if primary:
        facts.primary_key.append(attribute)
    if _is_true(_keyword(call, "unique")):
        facts.unique.add(attribute)
    nullable = _keyword(call, "nullable")
    if isinstance(nullable, ast.Constant) and isinstance(nullable.value, bool):
        not_null = not nullable.value
    else:  # SQLAlchemy's defaults: keys are NOT NULL; `Mapped[X]` follows X's optionality
        not_null = primary or (kind == "mapped_column" and _optional(annotation) is False)
    if not_null:
        facts.not_null.add(attribute)
    for argument in call.args:
        if isinstance(argument, ast.Call) and _short(_dotted(argument.func)) == "ForeignKey":
            target = argument.args[0] if argument.args else None
            if isinstance(target, ast.Constant) and isinstance(target.value, str):
                facts.foreign_keys_to.add(target.value.split(".")[0])


def _relationship(
    facts: _ClassFacts, attribute: str, call: ast.Call, annotation: ast.expr | None
) -> None:
    facts.declared = True
    target = call.args[0] if call.args else None
    written = (
        target.value if isinstance(target, ast.Constant) else _dotted(target) if target else None
    )
    uselist = _keyword(call, "uselist")
    collection = _annotation_collection(annotation)
    if isinstance(uselist, ast.Constant) and isinstance(uselist.value, bool):
        collection = uselist.value
    elif _keyword(call, "secondary") is not None:
        collection = True
    lazy = _keyword(call, "lazy")
    facts.relationships[attribute] = Relationship(
        str(written or _annotation_target(annotation) or ""),
        collection,
        lazy.value if isinstance(lazy, ast.Constant) and isinstance(lazy.value, str) else None,
    )


def _table_args_unique(facts: _ClassFacts, value: ast.expr) -> None:
    """Single-column `UniqueConstraint("email")` / `Index(..., "email", unique=True)`."""
    items = value.elts if isinstance(value, ast.Tuple | ast.List) else []
    for item in items:
        if not isinstance(item, ast.Call):
            continue
        kind = _short(_dotted(item.func))
        columns = [a for a in item.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        if kind == "Index":
            columns = columns[1:]  # the first string is the index name
            if not _is_true(_keyword(item, "unique")):
                continue
        elif kind != "UniqueConstraint":
            continue
        if len(columns) == 1 and len(item.args) == len(columns) + (kind == "Index"):
            facts.unique.add(str(columns[0].value))


def _statement(facts: _ClassFacts, node: ast.stmt, imported: Mapping[str, str]) -> None:
    target, value, annotation = None, None, None
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target, value = node.targets[0], node.value
    elif isinstance(node, ast.AnnAssign):
        target, value, annotation = node.target, node.value, node.annotation
    if not isinstance(target, ast.Name):
        return
    name = target.id
    if name == "__tablename__" and isinstance(value, ast.Constant):
        facts.tablename, facts.declared = str(value.value), True
    elif name == "__table_args__" and value is not None:
        _table_args_unique(facts, value)
    elif (made := _maker(value, imported)) is not None and made[0] in COLUMN_MAKERS:
        _column(facts, name, made[1], made[0], annotation)
    elif made is not None and made[0] in RELATIONSHIP_MAKERS:
        _relationship(facts, name, made[1], annotation)
    elif value is None and _annotation_collection(annotation) is False:
        facts.columns.add(name)  # `x: Mapped[int]`: a column, declared by annotation only
        facts.declared = True
        if _optional(annotation) is False:
            facts.not_null.add(name)


def _facts_of(node: ast.ClassDef, imported: Mapping[str, str]) -> _ClassFacts:
    facts = _ClassFacts()
    for statement in node.body:
        _statement(facts, statement, imported)
    # `__table_args__` names DB columns; map them back to attribute names.
    facts.unique = {facts.column_names.get(name, name) for name in facts.unique}
    if len(facts.primary_key) == 1:
        facts.unique.add(facts.primary_key[0])
    return facts


@dataclass(frozen=True)
class ClassCandidate:
    model: Model
    declared: bool
    tablename: str | None
    foreign_keys_to: frozenset[str]


def model_candidates(tree: ast.Module, module: ModuleNameAndPackage) -> list[ClassCandidate]:
    """Every module-level class with what it declares; models are decided project-wide."""
    imported = imported_names(tree, module)
    found = []
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        facts = _facts_of(node, imported)
        model = Model(
            name=f"{module.name}.{node.name}",
            bases=tuple(qualify_in_module(base, imported, module.name) for base in node.bases),
            columns=frozenset(facts.columns),
            primary_key=tuple(facts.primary_key),
            unique=frozenset(facts.unique),
            not_null=frozenset(facts.not_null),
            relationships=facts.relationships,
        )
        found.append(
            ClassCandidate(model, facts.declared, facts.tablename, frozenset(facts.foreign_keys_to))
        )
    return found


def _direction(candidate: ClassCandidate, tables: Mapping[str, str]) -> Model:
    """Decide unknown collection-ness: a foreign key to the target's table means many-to-one."""
    relationships = dict(candidate.model.relationships)
    for attribute, relationship in relationships.items():
        if relationship.collection is None:
            target_table = tables.get(_short(relationship.target))
            many_to_one = target_table is not None and target_table in candidate.foreign_keys_to
            relationships[attribute] = replace(relationship, collection=not many_to_one)
    return replace(candidate.model, relationships=relationships)


def _inherit(model: Model, models: Mapping[str, Model]) -> Model:
    for base in model.bases:
        parent = models.get(base)
        if parent is None:
            continue
        parent = _inherit(parent, models)
        model = replace(
            model,
            columns=model.columns | parent.columns,
            primary_key=model.primary_key or parent.primary_key,
            unique=model.unique | parent.unique,
            not_null=model.not_null | parent.not_null,
            relationships={**parent.relationships, **model.relationships},
        )
    return model


def resolve_models(candidates: Iterable[ClassCandidate]) -> dict[str, Model]:
    """The models among all classes: declared ones and their subclasses, keys inherited."""
    by_name = {c.model.name: c for c in candidates}
    tables = {_short(c.model.name): c.tablename for c in by_name.values() if c.tablename}
    models = {name: _direction(c, tables) for name, c in by_name.items() if c.declared}
    changed = True
    while changed:  # subclasses of models are models, even when they declare nothing
        changed = False
        for name, candidate in by_name.items():
            if name not in models and any(base in models for base in candidate.model.bases):
                models[name] = _direction(candidate, tables)
                changed = True
    return {name: _inherit(model, models) for name, model in models.items()}
