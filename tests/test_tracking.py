"""Fully qualified names, resolved lazily from the scope of the node asked about."""

from __future__ import annotations

import libcst as cst
import pytest
from libcst.helpers import ModuleNameAndPackage
from libcst.metadata import MetadataWrapper, QualifiedName, QualifiedNameSource, ScopeProvider

from codemods.index import ProjectIndex
from codemods.tracking import Tracking, fully_qualified

ROUTES = ModuleNameAndPackage("app.api.routes", "app.api")
IMPORT, LOCAL = QualifiedNameSource.IMPORT, QualifiedNameSource.LOCAL


@pytest.mark.parametrize(
    ("name", "source", "expected"),
    [
        pytest.param("sqlalchemy.orm.Session", IMPORT, "sqlalchemy.orm.Session", id="absolute"),
        pytest.param(".models.User", IMPORT, "app.api.models.User", id="from the package"),
        pytest.param("..models.User", IMPORT, "app.models.User", id="from its parent"),
        pytest.param("get_db", LOCAL, "app.api.routes.get_db", id="defined in the module"),
        pytest.param("Service.get", LOCAL, "app.api.routes.Service.get", id="a method"),
        pytest.param("print", QualifiedNameSource.BUILTIN, "print", id="a builtin"),
    ],
)
def test_names_are_qualified_from_the_module(
    name: str, source: QualifiedNameSource, expected: str
) -> None:
    qualified = fully_qualified(QualifiedName(name, source), ROUTES)
    assert qualified is not None
    assert qualified.name == expected


def test_a_relative_import_above_the_top_package_names_nothing() -> None:
    assert fully_qualified(QualifiedName("...models.User", IMPORT), ROUTES) is None


class _CalledNames(Tracking, cst.CSTVisitor):
    METADATA_DEPENDENCIES = (ScopeProvider,)

    def __init__(self, relpath: str) -> None:
        super().__init__()
        self.index, self.relpath = ProjectIndex(import_paths={relpath: relpath}), relpath
        self.called: list[set[str]] = []

    def visit_Call(self, node: cst.Call) -> None:
        self.called.append(self.qualified_names(node.func))


def test_a_call_is_named_by_the_binding_in_its_scope() -> None:
    source = (
        "from .crud import get_user\n"
        "def get_item(): ...\n"
        "def route(get_user):\n"
        "    get_user()\n"
        "    get_item()\n"
        "get_user()\n"
    )
    visitor = _CalledNames("app/api/routes.py")
    MetadataWrapper(cst.parse_module(source)).visit(visitor)
    parameter, module_function, imported = visitor.called
    assert parameter == {"app.api.routes.route.<locals>.get_user"}
    assert module_function == {"app.api.routes.get_item"}
    assert imported == {"app.api.crud.get_user"}
