"""SQA007 lazy-load: a dynamic relationship, `relationship(..., lazy="dynamic")`.

    items = relationship("Item", lazy="dynamic")                # SQA007
    items: WriteOnlyMapped["Item"] = relationship("Item")       # instead, then
    await session.scalars(user.items.select())                  # to read it

Reading a dynamic relationship returns an AppenderQuery, a legacy Query that runs on
the sync Session whenever it is iterated, counted or filtered: it does not work with
AsyncSession at all. Found on `relationship` (and its old name `relation`) and on
`backref("name", lazy="dynamic")`. SQLAlchemy 2.0 replaces it with `lazy="write_only"`
and a `WriteOnlyMapped` annotation, whose collection is read with an explicit `select()`
and `await`; `migrate` cannot rewrite every use of the collection, so it is reported.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import ClassVar

import libcst as cst
import libcst.matchers as m
from libcst.metadata import ProviderT, ScopeProvider

from codemods.audit.rules.base import Rule
from codemods.index import ProjectIndex
from codemods.settings import Settings

RELATIONSHIP_MAKERS = frozenset(
    {
        "sqlalchemy.orm.relationship",
        "sqlalchemy.orm.relation",  # the pre-2.0 name
        "sqlalchemy.orm._orm_constructors.relationship",
    }
)
BACKREF_MAKERS = frozenset({"sqlalchemy.orm.backref", "sqlalchemy.orm._orm_constructors.backref"})
# `OrderLine` -> `order_line`, the instance the suggested read goes through.
WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


class DynamicRelationship(Rule):
    CODE = "SQA007"
    METADATA_DEPENDENCIES: ClassVar[Collection[ProviderT]] = (ScopeProvider,)

    @classmethod
    def wanted(cls, source: str, settings: Settings, index: ProjectIndex) -> bool:
        return "dynamic" in source  # only a literal lazy="dynamic" is reported

    def setup_tracking(self) -> None:
        super().setup_tracking()
        self._owners: list[str | None] = []  # the class each enclosing scope is, or None
        self._assigned: dict[cst.CSTNode, str] = {}  # a call -> the name it is assigned to
        self._backref_owners: dict[cst.CSTNode, str] = {}  # a backref(...) -> its class

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._owners.append(node.name.value)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._owners.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._owners.append(None)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._owners.pop()

    def visit_Assign(self, node: cst.Assign) -> None:
        if len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
            self._assigned[node.value] = node.targets[0].target.value

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None and isinstance(node.target, cst.Name):
            self._assigned[node.value] = node.target.value

    def visit_Call(self, node: cst.Call) -> None:
        names = self.canonical_names(node.func)
        if names & RELATIONSHIP_MAKERS:
            self._note_backref_owner(node)
            owner = self._owners[-1] if self._owners else None
            self._report_if_dynamic(node, owner, self._assigned.get(node))
        elif names & BACKREF_MAKERS:
            self._report_if_dynamic(node, self._backref_owners.get(node), _backref_name(node))

    def _note_backref_owner(self, relationship: cst.Call) -> None:
        """`relationship("User", backref=backref("items"))` puts `items` on `User`."""
        target = _target_class(relationship)
        for arg in relationship.args:
            if target and m.matches(arg, m.Arg(keyword=m.Name("backref"))):
                self._backref_owners[arg.value] = target

    def _report_if_dynamic(self, call: cst.Call, owner: str | None, attribute: str | None) -> None:
        if not any(_is_lazy_dynamic(arg) for arg in call.args):
            return
        named = f"{owner}.{attribute}" if owner and attribute else attribute
        label = named or "relationship(...)"
        instance = WORD_BOUNDARY.sub("_", owner).lower() if owner else "obj"
        read = f"await session.scalars({instance}.{attribute or 'relationship'}.select())"
        message = (
            f'`{label}` is a dynamic relationship (`lazy="dynamic"`): its AppenderQuery does '
            'sync I/O and does not work with AsyncSession; use `lazy="write_only"` with '
            f"`WriteOnlyMapped` and read it with `{read}`"
        )
        self.report(call, message, fixable=False)


def _is_lazy_dynamic(arg: cst.Arg) -> bool:
    # Only the literal: `lazy=strategy` may be anything, and is not reported.
    return m.matches(arg, m.Arg(keyword=m.Name("lazy"))) and _literal(arg.value) == "dynamic"


def _literal(node: cst.BaseExpression) -> str | None:
    value = node.evaluated_value if isinstance(node, cst.SimpleString) else None
    return value if isinstance(value, str) else None


def _first_positional(call: cst.Call) -> cst.BaseExpression | None:
    first = call.args[0] if call.args else None
    if first is None or first.keyword is not None or first.star:
        return None
    return first.value


def _backref_name(backref: cst.Call) -> str | None:
    """`items` in `backref("items", lazy="dynamic")`."""
    first = _first_positional(backref)
    return _literal(first) if first is not None else None


def _target_class(relationship: cst.Call) -> str | None:
    """`User` in `relationship("User")`, `relationship("app.models.User")`, `relationship(User)`."""
    first = _first_positional(relationship)
    if isinstance(first, cst.Name):
        return first.value
    if isinstance(first, cst.Attribute):
        return first.attr.value
    written = _literal(first) if first is not None else None
    return written.rsplit(".", 1)[-1] if written else None
