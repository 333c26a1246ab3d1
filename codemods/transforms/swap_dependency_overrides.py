"""Dependency overrides follow the dependencies they replace.

    app.dependency_overrides[get_db] = override_get_db
        ->  app.dependency_overrides[get_async_db] = override_get_db
    app.dependency_overrides.pop(get_db, None)
        ->  app.dependency_overrides.pop(get_async_db, None)

Once the path operations say `Depends(get_async_db)`, an override keyed on `get_db` no
longer applies: the tests would quietly run against the real database. So the key
follows, wherever the overrides are set, read or removed (`[...]`, `pop`, `get`,
`setdefault`, a dict assigned or merged in), but only when every function that depended
on `get_db` now depends on its async twin; the override itself (`override_get_db`) is
migrated like any other provider, so it hands out an AsyncSession.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m
from libcst.metadata import ScopeProvider

from codemods.index import ProjectIndex
from codemods.settings import Settings
from codemods.transforms.base import Transform

KEYED_METHODS = frozenset({"pop", "get", "setdefault"})


class SwapDependencyOverrides(Transform):
    DESCRIPTION = "app.dependency_overrides[get_db] -> [get_async_db] where every user moved"
    METADATA_DEPENDENCIES = (ScopeProvider,)

    @classmethod
    def wanted(cls, source: str, settings: Settings, index: ProjectIndex) -> bool:
        return bool(index.session_twins) and "dependency_overrides" in source

    def setup_tracking(self) -> None:
        super().setup_tracking()
        self._swaps = moved_providers(self.index)
        self._fed: set[int] = set()  # dict displays assigned to or merged into the overrides

    def leave_Subscript(
        self, original_node: cst.Subscript, updated_node: cst.Subscript
    ) -> cst.Subscript:
        if not _is_overrides(original_node.value) or len(original_node.slice) != 1:
            return updated_node
        index = cst.ensure_type(updated_node.slice[0].slice, cst.Index)
        key = self._twin(cst.ensure_type(original_node.slice[0].slice, cst.Index).value)
        if key is None:
            return updated_node
        return updated_node.with_changes(
            slice=[updated_node.slice[0].with_changes(slice=index.with_changes(value=key))]
        )

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        """`overrides.pop(get_db)`, `overrides.update({get_db: ...})`."""
        func = original_node.func
        if (
            not (isinstance(func, cst.Attribute) and _is_overrides(func.value))
            or not updated_node.args
        ):
            return updated_node
        first = updated_node.args[0]
        if func.attr.value in KEYED_METHODS:
            key = self._twin(original_node.args[0].value)
            if key is not None:
                return updated_node.with_changes(
                    args=[first.with_changes(value=key), *updated_node.args[1:]]
                )
        return updated_node

    def leave_Dict(self, original_node: cst.Dict, updated_node: cst.Dict) -> cst.Dict:
        """`{get_db: override_get_db}` assigned to or merged into the overrides."""
        if not self._feeds_overrides(original_node):
            return updated_node
        elements = []
        for original, updated in zip(original_node.elements, updated_node.elements, strict=True):
            key = self._twin(original.key) if isinstance(original, cst.DictElement) else None
            elements.append(updated.with_changes(key=key) if key is not None else updated)
        return updated_node.with_changes(elements=elements)

    def visit_Assign(self, node: cst.Assign) -> None:
        if any(_is_overrides(t.target) for t in node.targets) and isinstance(node.value, cst.Dict):
            self._fed.add(id(node.value))

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if (
            isinstance(func, cst.Attribute)
            and _is_overrides(func.value)
            and func.attr.value == "update"
        ):
            self._fed.update(id(a.value) for a in node.args if isinstance(a.value, cst.Dict))

    def _feeds_overrides(self, node: cst.Dict) -> bool:
        return id(node) in self._fed

    def _twin(self, key: cst.BaseExpression) -> cst.BaseExpression | None:
        for name in sorted(self.qualified_names(key)):
            twin = self._swaps.get(self.index.symbols.canonical(name))
            if twin is None:
                continue
            module, _, short = twin.rpartition(".")
            self.rewrites += 1
            if isinstance(key, cst.Attribute):  # `main.get_db` -> `main.get_async_db`
                return key.with_changes(attr=cst.Name(short))
            self.add_needed_import(module, short)
            sync_module, _, sync_short = name.rpartition(".")
            self.remove_unused_import(sync_module, sync_short)
            return cst.Name(short)
        return None


def moved_providers(index: ProjectIndex) -> dict[str, str]:
    """Sync providers with an async twin whose every `Depends(...)` user is migrated.
    A session alias that stays sync (`SessionDep`) may hide a user of any of them."""
    plan = index.async_plan
    migrated = set(plan.becomes_async) | set(plan.async_sessions)
    if any(set(f.session_aliases) - plan.async_aliases for f in index.functions):
        return {}
    users: dict[str, set[str]] = {}
    for function in index.functions:
        for provider in function.depends_on:
            users.setdefault(provider, set()).add(function.name)
    return {
        provider: twin
        for provider, twin in index.session_twins.items()
        if users.get(provider) and users[provider] <= migrated
    }


def _is_overrides(node: cst.BaseExpression) -> bool:
    return m.matches(node, m.Attribute(attr=m.Name("dependency_overrides")))
