"""The project's Pydantic schemas, read with the stdlib `ast`: which ones read relationships.

FastAPI serialises a path operation's return value through its `response_model` after the
function returns, reading every field of the schema from the ORM object (`from_attributes`,
`orm_mode`). A field named like a relationship (`contacts: list[ContactOut]`) or holding a
nested schema reads a relationship, and under asyncio that read, outside the session's
greenlet, raises MissingGreenlet instead of lazy-loading. This module finds the schemas
that do, through inheritance and nesting, so those path operations load what their
response reads first (`load_response_relationships`).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from libcst.helpers import ModuleNameAndPackage

from codemods.astnames import imported_names, qualify_in_module
from codemods.async_plan import AsyncPlan
from codemods.callgraph import FunctionFacts
from codemods.models_index import Model

PYDANTIC_BASES = frozenset({"pydantic.BaseModel", "pydantic.main.BaseModel", "sqlmodel.SQLModel"})


@dataclass(frozen=True)
class SchemaCandidate:
    name: str  # qualified
    bases: tuple[str, ...]
    fields: tuple[str, ...]
    nested: tuple[str, ...]  # qualified names the field annotations mention
    orm_mode: bool  # pydantic 1's `class Config: orm_mode = True`


def _mentioned(annotation: ast.expr, imported: Mapping[str, str], module: str) -> set[str]:
    return {
        qualify_in_module(node, imported, module)
        for node in ast.walk(annotation)
        if isinstance(node, ast.Name | ast.Attribute) and not isinstance(node.ctx, ast.Store)
    }


def _orm_mode(node: ast.ClassDef) -> bool:
    for member in node.body:
        if isinstance(member, ast.ClassDef) and member.name == "Config":
            for statement in member.body:
                if isinstance(statement, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == "orm_mode" for t in statement.targets
                ):
                    return True
    return False


def schema_candidates(tree: ast.Module, module: ModuleNameAndPackage) -> list[SchemaCandidate]:
    """Every module-level class with its annotated fields; which are schemas is decided
    project-wide, from the bases (`resolve_schemas`)."""
    imported = imported_names(tree, module)
    found = []
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        fields, nested = [], set()
        for member in node.body:
            if isinstance(member, ast.AnnAssign) and isinstance(member.target, ast.Name):
                fields.append(member.target.id)
                nested |= _mentioned(member.annotation, imported, module.name)
        bases = tuple(qualify_in_module(b, imported, module.name) for b in node.bases)
        found.append(
            SchemaCandidate(
                f"{module.name}.{node.name}",
                bases,
                tuple(fields),
                tuple(sorted(nested)),
                _orm_mode(node),
            )
        )
    return found


@dataclass(frozen=True)
class Schemas:
    relational: frozenset[str] = frozenset()  # schemas whose fields read relationships
    names: frozenset[str] = frozenset()  # every schema of the project
    orm_mode: bool = False  # the project writes pydantic 1 schemas


def resolve_schemas(candidates: Iterable[SchemaCandidate], models: Mapping[str, Model]) -> Schemas:
    by_name = {c.name: c for c in candidates}
    schemas = {name for name in by_name if _is_schema(name, by_name, set())}
    relationship_names = {r for model in models.values() for r in model.relationships}
    relational = {
        name
        for name in schemas
        if set(_fields(name, by_name, set())) & relationship_names
        or set(_nested(name, by_name, set())) & schemas  # a nested schema: a related object
    }
    return Schemas(
        frozenset(relational), frozenset(schemas), any(by_name[n].orm_mode for n in schemas)
    )


def _is_schema(name: str, by_name: Mapping[str, SchemaCandidate], seen: set[str]) -> bool:
    if name in PYDANTIC_BASES:
        return True
    if name not in by_name or name in seen:
        return False
    seen.add(name)
    return any(_is_schema(base, by_name, seen) for base in by_name[name].bases)


def _fields(name: str, by_name: Mapping[str, SchemaCandidate], seen: set[str]) -> list[str]:
    """Its own fields and its project bases' fields."""
    if name not in by_name or name in seen:
        return []
    seen.add(name)
    candidate = by_name[name]
    return [*candidate.fields, *(f for b in candidate.bases for f in _fields(b, by_name, seen))]


def _nested(name: str, by_name: Mapping[str, SchemaCandidate], seen: set[str]) -> list[str]:
    if name not in by_name or name in seen:
        return []
    seen.add(name)
    candidate = by_name[name]
    return [*candidate.nested, *(n for b in candidate.bases for n in _nested(b, by_name, seen))]


def relational_responses(functions: Iterable[FunctionFacts], schemas: Schemas) -> frozenset[str]:
    """Functions whose response model reads relationships (path operations, by name)."""
    return frozenset(f.name for f in functions if set(f.response_names) & schemas.relational)


def response_loaders(
    functions: Iterable[FunctionFacts], schemas: Schemas, plan: AsyncPlan, twins: Mapping[str, str]
) -> dict[str, str]:
    """Async path operations whose response model reads relationships, and that have an
    async session to load through -> the module their loader goes in: the one of the
    async provider they depend on, else of the project's first async provider."""
    functions = list(functions)
    defined = {f.name for f in functions}
    providers = sorted(twin for name, twin in twins.items() if name in defined)
    relational = relational_responses(functions, schemas)
    found = {}
    for function in functions:
        if function.name not in relational:
            continue
        if function.name in plan.gained_sessions:
            found[function.name] = plan.gained_sessions[function.name].rsplit(".", 1)[0]
            continue
        # only code this run converts: async code the project wrote is left as it is
        converted = function.name in plan.becomes_async and function.name in plan.async_sessions
        if not (converted and function.session_parameters):
            continue
        # the session providers among its dependencies (`Depends(get_order_or_404)` is not one)
        own = [twins.get(p, p) for p in function.depends_on if p in twins or p in providers]
        candidates = own + providers
        if candidates:
            found[function.name] = candidates[0].rsplit(".", 1)[0]
    return found
