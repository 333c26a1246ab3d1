"""Sessions a class keeps on `self`: repositories and services built around a session.

    class UserRepository:
        def __init__(self, db: Session):
            self.db = db

        def get(self, user_id):
            return self.db.query(User).get(user_id)      # `self.db` is a session

An attribute counts when the class annotates it with a session type (`db: Session`), or
when its methods only ever assign it a parameter that is a session (annotated, a
`Depends(get_db)` default, or named like one in a sync `def`). Subclasses inherit it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping

from codemods.astnames import walk_statements
from codemods.callgraph import ModuleContext, annotation_kind, parameter_kind, parameters_of
from codemods.class_index import ClassAttributes
from codemods.settings import SessionKind

ClassSessions = dict[str, dict[str, SessionKind]]  # class -> attribute -> kind


def class_sessions(tree: ast.Module, context: ModuleContext) -> ClassSessions:
    found: ClassSessions = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            held = _held(node, context)
            if held:
                found[f"{context.module.name}.{node.name}"] = held
    return found


def _held(node: ast.ClassDef, context: ModuleContext) -> dict[str, SessionKind]:
    kinds: dict[str, set[SessionKind | None]] = {}
    for statement in node.body:
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            kind = annotation_kind(statement.annotation, context)
            if kind is not None:
                kinds.setdefault(statement.target.id, set()).add(kind)
        elif isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
            for attribute, kind in _assigned_on_self(statement, context):
                kinds.setdefault(attribute, set()).add(kind)
    held: dict[str, SessionKind] = {}
    for attribute, found in kinds.items():
        only = found.pop() if len(found) == 1 else None
        if only is not None:
            held[attribute] = only
    return held


def _assigned_on_self(
    method: ast.FunctionDef | ast.AsyncFunctionDef, context: ModuleContext
) -> Iterable[tuple[str, SessionKind | None]]:
    """Each `self.<attribute> = value` in the method, with the session kind of the value
    (None when it is anything but a session parameter)."""
    is_async = isinstance(method, ast.AsyncFunctionDef)
    parameters = {
        argument.arg: parameter_kind(argument, default, is_async, context)
        for argument, default in parameters_of(method)
    }
    for node in walk_statements(method):  # an assignment is a statement
        value: ast.expr | None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets, value = [node.target], node.value
        else:
            continue
        for target in targets:
            if (
                isinstance(target, ast.Attribute)
                and isinstance(target.value, ast.Name)
                and target.value.id == "self"
            ):
                named = value.id if isinstance(value, ast.Name) else None
                yield target.attr, parameters.get(named) if named else None


def resolve_class_sessions(
    classes: Iterable[ClassAttributes], own: Mapping[str, Mapping[str, SessionKind]]
) -> dict[str, dict[str, SessionKind]]:
    """Per class, the session attributes it defines and those it inherits."""
    bases = {c.name: c.bases for c in classes}

    def inherited(name: str, seen: frozenset[str]) -> dict[str, SessionKind]:
        found: dict[str, SessionKind] = {}
        for base in bases.get(name, ()):
            if base not in seen:
                found.update(inherited(base, seen | {base}))
        found.update(own.get(name, {}))
        return found

    resolved = {name: inherited(name, frozenset({name})) for name in {*bases, *own}}
    return {name: held for name, held in resolved.items() if held}
