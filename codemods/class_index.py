"""Class attributes that hold a mapped class: the `self.model` of a generic CRUD base.

    class CRUDBase(Generic[ModelType]):
        def __init__(self, model: Type[ModelType]):
            self.model = model

`db.query(self.model)` then selects an entity in every method of the class and of its
subclasses, wherever they are in the project. An attribute counts when the class
annotates it `Type[...]` / `type[...]` at class level, or `__init__` assigns it from a
parameter so annotated.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from libcst.helpers import ModuleNameAndPackage

from codemods.astnames import dotted, imported_names, qualify_in_module, walk_statements

TYPE_OF = frozenset({"Type", "type", "typing.Type"})


@dataclass(frozen=True)
class ClassAttributes:
    name: str  # qualified class name
    bases: tuple[str, ...]
    entity_attributes: frozenset[str]


def _is_type_of(annotation: ast.expr | None) -> bool:
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        return annotation.value.startswith(("Type[", "type["))
    return isinstance(annotation, ast.Subscript) and (dotted(annotation.value) or "") in TYPE_OF


def _from_init(init: ast.FunctionDef) -> set[str]:
    typed = {a.arg for a in [*init.args.args, *init.args.kwonlyargs] if _is_type_of(a.annotation)}
    found = set()
    for node in walk_statements(init):  # an assignment is a statement
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Name):
            if node.value.id not in typed:
                continue
            for target in node.targets:
                if (
                    isinstance(target, ast.Attribute)
                    and isinstance(target.value, ast.Name)
                    and target.value.id == "self"
                ):
                    found.add(target.attr)
    return found


def _entity_attributes(node: ast.ClassDef) -> set[str]:
    found = set()
    for statement in node.body:
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and _is_type_of(statement.annotation)
        ):
            found.add(statement.target.id)
        elif isinstance(statement, ast.FunctionDef) and statement.name == "__init__":
            found |= _from_init(statement)
    return found


def class_attributes(tree: ast.Module, module: ModuleNameAndPackage) -> list[ClassAttributes]:
    imported = imported_names(tree, module)
    return [
        ClassAttributes(
            f"{module.name}.{node.name}",
            tuple(qualify_in_module(base, imported, module.name) for base in node.bases),
            frozenset(_entity_attributes(node)),
        )
        for node in tree.body
        if isinstance(node, ast.ClassDef)
    ]


def resolve_entity_attributes(classes: Iterable[ClassAttributes]) -> dict[str, frozenset[str]]:
    """Per class, its own entity attributes and those it inherits from project classes."""
    by_name: Mapping[str, ClassAttributes] = {c.name: c for c in classes}

    def inherited(name: str, seen: frozenset[str]) -> frozenset[str]:
        found = by_name[name].entity_attributes
        for base in by_name[name].bases:
            if base in by_name and base not in seen:
                found |= inherited(base, seen | {base})
        return found

    resolved = {name: inherited(name, frozenset({name})) for name in by_name}
    return {name: attributes for name, attributes in resolved.items() if attributes}
