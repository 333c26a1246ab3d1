"""Names in a stdlib `ast` module: what each imported name refers to, qualified."""

from __future__ import annotations

import ast
from collections.abc import Mapping

from libcst.helpers import ModuleNameAndPackage


def imported_names(tree: ast.Module, module: ModuleNameAndPackage) -> dict[str, str]:
    """Local name -> qualified name for the module-level imports of one module."""
    names: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Import):
            for alias in node.names:
                local = alias.asname or alias.name.split(".")[0]
                names[local] = alias.name if alias.asname else local
        elif isinstance(node, ast.ImportFrom):
            base = absolute_module(node, module)
            for alias in node.names:
                names[alias.asname or alias.name] = f"{base}.{alias.name}" if base else alias.name
    return names


def absolute_module(node: ast.ImportFrom, module: ModuleNameAndPackage) -> str:
    if not node.level:
        return node.module or ""
    parts = module.package.split(".") if module.package else []
    anchor = parts[: len(parts) - (node.level - 1)] if node.level > 1 else parts
    return ".".join([*anchor, *([node.module] if node.module else [])])


def qualify(expression: ast.expr, imported: Mapping[str, str]) -> str | None:
    """The dotted qualified name an expression like `orm.Session` refers to."""
    if isinstance(expression, ast.Name):
        return imported.get(expression.id, expression.id)
    if isinstance(expression, ast.Attribute):
        base = qualify(expression.value, imported)
        return f"{base}.{expression.attr}" if base else None
    return None
