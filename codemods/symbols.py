"""The project's symbols, from the stdlib `ast`: what a dotted name refers to.

Functions, methods, classes (with their bases), module-level instances
(`user = CRUDUser(User)`) and import aliases, all by qualified name, so that a call
written `crud.user.get(db, id)` in one module resolves to `app.crud.base.CRUDBase.get`
in another. Resolution follows import aliases, instance classes and base classes, and
gives up (None) rather than guess.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from libcst.helpers import ModuleNameAndPackage

from codemods.astnames import dotted, imported_names, qualify_in_module

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(frozen=True)
class ClassSymbol:
    name: str
    bases: tuple[str, ...]
    methods: frozenset[str]


@dataclass
class SymbolTable:
    functions: set[str] = field(default_factory=set)
    classes: dict[str, ClassSymbol] = field(default_factory=dict)
    instances: dict[str, str] = field(default_factory=dict)  # module.var -> class
    aliases: dict[str, str] = field(default_factory=dict)  # module.local -> imported name
    modules: set[str] = field(default_factory=set)

    def add_module(self, tree: ast.Module, module: ModuleNameAndPackage) -> None:
        self.modules.add(module.name)
        imported = imported_names(tree, module)
        for local, target in imported.items():
            self.aliases[f"{module.name}.{local}"] = target
        for node in tree.body:
            self._add_statement(node, module.name, imported)

    def _add_statement(self, node: ast.stmt, module: str, imported: Mapping[str, str]) -> None:
        if isinstance(node, FunctionNode):
            self.functions.add(f"{module}.{node.name}")
        elif isinstance(node, ast.ClassDef):
            name = f"{module}.{node.name}"
            methods = frozenset(n.name for n in node.body if isinstance(n, FunctionNode))
            bases = tuple(qualify_in_module(b, imported, module) for b in node.bases)
            self.classes[name] = ClassSymbol(name, bases, methods)
            self.functions.update(f"{name}.{method}" for method in methods)
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
            if isinstance(target, ast.Name) and isinstance(value, ast.Call):
                made = dotted(value.func)
                if made is not None:
                    self.instances[f"{module}.{target.id}"] = qualify_in_module(
                        value.func, imported, module
                    )

    # -- resolution ----------------------------------------------------------------

    def method(
        self, class_name: str, method: str, seen: frozenset[str] = frozenset()
    ) -> str | None:
        """The function `class_name.method` runs: its own, or the nearest base's."""
        symbol = self.classes.get(self.canonical(class_name))
        if symbol is None or symbol.name in seen:
            return None
        if method in symbol.methods:
            return f"{symbol.name}.{method}"
        for base in symbol.bases:
            found = self.method(base, method, seen | {symbol.name})
            if found is not None:
                return found
        return None

    def base_method(self, class_name: str, method: str) -> str | None:
        """The function `super().method` runs in `class_name`: the nearest base's."""
        symbol = self.classes.get(self.canonical(class_name))
        if symbol is None:
            return None
        found = (self.method(base, method, frozenset({symbol.name})) for base in symbol.bases)
        return next((name for name in found if name is not None), None)

    def canonical(self, name: str, depth: int = 0) -> str:
        """Follow import aliases (`app.crud.user` -> `app.crud.users.user`) to the definition."""
        if depth > 20:
            return name
        parts = name.split(".")
        for cut in range(len(parts), 0, -1):
            prefix = ".".join(parts[:cut])
            if prefix in self.aliases and self.aliases[prefix] != prefix:
                rest = ".".join(parts[cut:])
                target = self.aliases[prefix]
                return self.canonical(f"{target}.{rest}" if rest else target, depth + 1)
        return name

    def is_instance(self, name: str) -> bool:
        """Whether a dotted name is a module-level instance (`crud.user`)."""
        return self.canonical(name) in self.instances

    def function(self, name: str) -> str | None:
        """The function a dotted reference names, through aliases, instances and classes."""
        name = self.canonical(name)
        if name in self.functions:
            return name
        owner, _, attribute = name.rpartition(".")
        if not owner:
            return None
        owner = self.canonical(owner)
        if owner in self.instances:
            return self.method(self.instances[owner], attribute)
        if owner in self.classes:
            return self.method(owner, attribute)
        return None


def build_symbols(modules: Iterable[tuple[ast.Module, ModuleNameAndPackage]]) -> SymbolTable:
    table = SymbolTable()
    for tree, module in modules:
        table.add_module(tree, module)
    return table
