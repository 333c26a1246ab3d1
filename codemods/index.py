"""The project-wide index, built in one cheap pass with the stdlib `ast` parser.

Per-file transforms only see one module; the index tells them what the rest of the
project defines. It is built once per run, over every file of the project (also when
only some files are migrated), and shipped to worker processes once.

What it holds today: each file's dotted module name, and the module-level `Annotated`
aliases of a session type (`SessionDep = Annotated[Session, Depends(get_db)]`), so a
parameter annotated with an alias imported from another module is still a session.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from libcst.helpers import ModuleNameAndPackage, calculate_module_and_package

from codemods.settings import SessionKind, Settings

ANNOTATED_NAMES = frozenset({"typing.Annotated", "typing_extensions.Annotated"})


@dataclass(frozen=True)
class ProjectIndex:
    # relpath below the project root -> path below its source root ("app/api/deps.py"),
    # which is what LibCST's FullyQualifiedNameProvider needs to name the module.
    import_paths: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    session_aliases: Mapping[str, SessionKind] = field(default_factory=lambda: MappingProxyType({}))

    def import_path_of(self, relpath: str) -> str:
        fallback = relpath if relpath.endswith(".py") else "module.py"
        return self.import_paths.get(relpath, fallback)

    def __reduce__(self) -> tuple[object, tuple[dict[str, str], dict[str, SessionKind]]]:
        # MappingProxyType does not pickle; workers receive plain dicts and re-wrap them.
        return (_rebuild_index, (dict(self.import_paths), dict(self.session_aliases)))


def _rebuild_index(import_paths: dict[str, str], aliases: dict[str, SessionKind]) -> ProjectIndex:
    return ProjectIndex(MappingProxyType(import_paths), MappingProxyType(aliases))


def source_root(path: Path, root: Path) -> Path:
    """The folder imports are rooted at: the first ancestor that is not a package."""
    folder = path.parent
    while folder != root and (folder / "__init__.py").is_file() and folder.parent != folder:
        folder = folder.parent
    return folder


def import_path(path: Path, root: Path) -> str:
    return path.relative_to(source_root(path, root)).as_posix()


def module_of(import_path: str) -> ModuleNameAndPackage:
    return calculate_module_and_package(".", import_path)


def _imported_names(tree: ast.Module, module: ModuleNameAndPackage) -> dict[str, str]:
    """Local name -> qualified name for the module-level imports of one module."""
    names: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Import):
            for alias in node.names:
                local = alias.asname or alias.name.split(".")[0]
                names[local] = alias.name if alias.asname else local
        elif isinstance(node, ast.ImportFrom):
            base = _absolute_module(node, module)
            for alias in node.names:
                names[alias.asname or alias.name] = f"{base}.{alias.name}" if base else alias.name
    return names


def _absolute_module(node: ast.ImportFrom, module: ModuleNameAndPackage) -> str:
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


def _alias_targets(node: ast.stmt) -> tuple[str, ast.expr] | None:
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target, value = node.targets[0], node.value
    elif isinstance(node, ast.AnnAssign) and node.value is not None:
        target, value = node.target, node.value
    else:
        return None
    return (target.id, value) if isinstance(target, ast.Name) else None


def session_aliases_of(
    tree: ast.Module, module: ModuleNameAndPackage, settings: Settings
) -> dict[str, SessionKind]:
    """`qualified alias name -> 'sync' | 'async'` for `X = Annotated[Session, ...]`."""
    imported = _imported_names(tree, module)
    found: dict[str, SessionKind] = {}
    for node in tree.body:
        alias = _alias_targets(node)
        if alias is None:
            continue
        name, value = alias
        if not isinstance(value, ast.Subscript):
            continue
        if qualify(value.value, imported) not in ANNOTATED_NAMES:
            continue
        arguments = value.slice.elts if isinstance(value.slice, ast.Tuple) else [value.slice]
        kind = settings.session_kind_of_type(qualify(arguments[0], imported) or "")
        if kind is not None:
            found[f"{module.name}.{name}"] = kind
    return found


def build_index(
    parsed: Iterable[tuple[str, Path, ast.Module]], root: Path, settings: Settings
) -> ProjectIndex:
    """Index every parsed module: `(relpath, absolute path, ast tree)` triples."""
    import_paths: dict[str, str] = {}
    aliases: dict[str, SessionKind] = {}
    for relpath, path, tree in parsed:
        import_paths[relpath] = import_path(path, root)
        aliases.update(session_aliases_of(tree, module_of(import_paths[relpath]), settings))
    return _rebuild_index(import_paths, aliases)
