"""Names in a stdlib `ast` module: what each imported name refers to, qualified."""

from __future__ import annotations

import ast
from collections import deque
from collections.abc import Iterator, Mapping

from libcst.helpers import ModuleNameAndPackage

# The nodes a statement can be in: another statement (its body, orelse, handlers), an
# except clause, a match case. No statement is ever inside an expression.
STATEMENT_HOLDERS = (ast.stmt, ast.excepthandler, ast.match_case)


def holders_below(node: ast.AST) -> Iterator[ast.AST]:
    """The children of `node` that are or hold statements (`STATEMENT_HOLDERS`)."""
    return (child for child in ast.iter_child_nodes(node) if isinstance(child, STATEMENT_HOLDERS))


def walk_statements(node: ast.AST) -> Iterator[ast.AST]:
    """`node` and every statement (and except clause, match case) below it, in the order
    `ast.walk` gives them, without entering a single expression."""
    pending = deque([node])
    while pending:
        node = pending.popleft()
        pending.extend(holders_below(node))
        yield node


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


def dotted(node: ast.expr) -> str | None:
    """`a.b.c` for a name or attribute chain, else None."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


def qualify_in_module(expression: ast.expr, imported: Mapping[str, str], module: str) -> str:
    """The qualified name of a class reference written in `module` (`Base`, `m.Base`,
    `CRUDBase[User]`): through the imports, else a name the module itself defines."""
    if isinstance(expression, ast.Subscript):  # a generic base: `CRUDBase[User]`
        expression = expression.value
    written = dotted(expression) or ""
    if written.split(".")[0] in imported:
        return qualify(expression, imported) or written
    return f"{module}.{written}"
