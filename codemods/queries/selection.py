"""What a query selects: one entity (rows of objects), or columns and expressions (Rows).

The shape decides the result calls: legacy Query turns a single-entity result into
scalars and de-duplicates any result holding an entity; a single *column* stays a Row.
An argument is an entity when the model index knows it, when it is `aliased(...)`, or
when it is a CamelCase class that the project does not define as something else (models
from another package). A lowercase name could hold either: the shape is then unknown and
the chain is not rewritten.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst
import libcst.matchers as m

from codemods.models_index import Model
from codemods.queries.chain import Chain, Link
from codemods.queries.methods import CRITERIA
from codemods.queries.shapes import Shape, Written, shape_of
from codemods.queries.uniqueness import code_of
from codemods.sessions import SessionTracker

JOINS = frozenset({"join", "outerjoin", "select_from"})
BOOLEAN_CONNECTIVES = frozenset({"and_", "or_", "not_"})
SUBQUERY_CALLS = frozenset({"query", "select", "exists", "any", "has", "subquery"})
# `<something>.<attribute>.contains(...)`: a relationship's comparator, or a string column's.
CONTAINS_CALL = m.Call(func=m.Attribute(value=m.Attribute(), attr=m.Name("contains")))
EAGER_JOIN_LOADERS = frozenset({"joinedload", "contains_eager"})


class _OuterAttributes(cst.CSTVisitor):
    """The `X.y` attributes of a criterion outside its subqueries (`db.query(...)`,
    `select(...)`, `.any(...)`, `.has(...)`), which correlate instead of adding to FROM."""

    def __init__(self) -> None:
        self.found: list[cst.Attribute] = []

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self.found.append(node)

    def visit_Call(self, node: cst.Call) -> bool:
        return code_of(node.func).rsplit(".", 1)[-1] not in SUBQUERY_CALLS


@dataclass(frozen=True)
class Selected:
    shapes: tuple[Shape, ...]
    entity: cst.BaseExpression | None  # the single entity selected, if that is the shape
    model: Model | None

    @property
    def single_entity(self) -> bool:
        return self.shapes == ("entity",)

    @property
    def has_entity(self) -> bool:
        return "entity" in self.shapes


def selected_arguments(chain: Chain) -> list[cst.Arg]:
    """The columns the chain ends up selecting (`query(...)`, `with_entities`, `add_columns`);
    for a chain on a variable, what the variable's `query(...)...` selected."""
    if chain.origin is None:
        return reshaped(cst.ensure_type(chain.root, cst.Call).args, chain.links)
    return reshaped(chain.origin.selected, chain.links)


def reshaped(columns: Sequence[cst.Arg], links: Sequence[Link]) -> list[cst.Arg]:
    """What `query(*columns)` selects once `links` are applied."""
    found = list(columns)
    for link in links:
        if link.method == "with_entities":
            found = list(link.call.args)
        elif link.method == "add_columns":
            found += list(link.call.args)
    return found


class SelectionReader(SessionTracker):
    """Mixin: classifies `query()` arguments with the model index and qualified names."""

    def read_selection(self, chain: Chain) -> Selected | str:
        """The selection, or why it cannot be told."""
        if chain.origin is not None and chain.origin.kind in ("builder", "parameter"):
            return self._built_selection(chain)
        columns = selected_arguments(chain)
        if not columns or any(arg.star or arg.keyword for arg in columns):
            return "the selected entities are not written out (`*args` or none)"
        shapes = tuple(self._shape(arg.value) for arg in columns)
        if "unknown" in shapes:
            unknown = code_of(columns[shapes.index("unknown")].value)
            return f"cannot tell whether `{unknown}` is an entity or a column"
        entity = columns[0].value if shapes == ("entity",) else None
        model = self.model_of(entity) if entity is not None else None
        return Selected(shapes, entity, model)

    def _built_selection(self, chain: Chain) -> Selected | str:
        """What a builder's query selects (from the index), as the chain changes it."""
        assert chain.origin is not None
        shapes = chain.origin.shapes
        for link in chain.links:
            added = tuple(self._shape(arg.value) for arg in link.call.args)
            if link.method == "with_entities":
                shapes = added
            elif link.method == "add_columns":
                shapes = (*shapes, *added)
        if "unknown" in shapes or not shapes:
            return "cannot tell whether what the builder selects is an entity or a column"
        return Selected(shapes, None, None)

    def may_repeat_entities(self, statement: Sequence[Link], selected: Selected) -> bool:
        """Joins repeat entity rows; joined eager loads of collections need `unique()`;
        so do criteria that bring another table into the FROM list (see `_widens_from`)."""
        if any(link.method in JOINS for link in statement):
            return True
        own = frozenset({selected.model.name}) if selected.model is not None else None
        criteria = [
            arg
            for link in statement
            if link.method in CRITERIA
            for arg in link.call.args
            if arg.keyword is None  # `filter_by(slug=slug)`: the entity's own columns
        ]
        if any(arg.star or self._widens_from(arg.value, own) for arg in criteria):
            return True
        return any(
            self._eager_joins_collection(arg.value)
            for link in statement
            if link.method == "options"
            for arg in link.call.args
        )

    def _widens_from(self, criterion: cst.BaseExpression, own: frozenset[str] | None) -> bool:
        """Whether a criterion may add a table to the FROM list, one row per match: a
        column of another model (`User.id == Post.author_id`), a collection's
        `contains()` (its association table), or a condition built elsewhere (`either`,
        `build_filter(...)`), which the tool cannot see."""
        if isinstance(criterion, cst.BinaryOperation) and isinstance(
            criterion.operator, (cst.BitAnd, cst.BitOr)
        ):
            return self._widens_from(criterion.left, own) or self._widens_from(criterion.right, own)
        if isinstance(criterion, cst.UnaryOperation):
            return self._widens_from(criterion.expression, own)
        if isinstance(criterion, (cst.Name, cst.Subscript)):
            return True
        if isinstance(criterion, cst.Call) and isinstance(criterion.func, cst.Name):
            if criterion.func.value not in BOOLEAN_CONNECTIVES:
                return True
            return any(a.star or self._widens_from(a.value, own) for a in criterion.args)
        calls = m.findall(criterion, CONTAINS_CALL)
        if any(self._is_collection(cst.ensure_type(call, cst.Call).func) for call in calls):
            return True
        if own is None:
            return False
        finder = _OuterAttributes()
        criterion.visit(finder)
        return any(
            model.name not in own
            for attribute in finder.found
            if (model := self.model_of(attribute.value)) is not None
        )

    def _is_collection(self, func: cst.BaseExpression) -> bool:
        """`Model.relationship` of `Model.relationship.contains`, if it may be a collection."""
        owner = cst.ensure_type(cst.ensure_type(func, cst.Attribute).value, cst.Attribute)
        model = self.model_of(owner.value)
        if model is None or owner.attr.value not in model.relationships:
            return False
        return model.relationships[owner.attr.value].collection is not False

    def model_of(self, node: cst.BaseExpression) -> Model | None:
        for qualified in self.qualified_names(node):
            if qualified in self.index.models:
                return self.index.models[qualified]
        return None

    def _eager_joins_collection(self, option: cst.BaseExpression) -> bool:
        """`joinedload(X.rel)` (or a chained loader) that may load a collection."""
        node: cst.BaseExpression = option
        while isinstance(node, cst.Call):
            name = code_of(node.func).rsplit(".", 1)[-1]
            if name in EAGER_JOIN_LOADERS and self._maybe_collection(node):
                return True
            node = node.func.value if isinstance(node.func, cst.Attribute) else cst.Name("_")
        return False

    def _maybe_collection(self, loader: cst.Call) -> bool:
        target = loader.args[0].value if loader.args else None
        if not isinstance(target, cst.Attribute):
            return True
        model = self.model_of(target.value)
        if model is None or target.attr.value not in model.relationships:
            return True
        return model.relationships[target.attr.value].collection is not False

    def _shape(self, node: cst.BaseExpression) -> Shape:
        return shape_of(self._written(node), self.index.models, self.index.module_names)

    def _written(self, node: cst.BaseExpression) -> Written:
        if isinstance(node, cst.Call):
            return Written("call", code_of(node.func).rsplit(".", 1)[-1])
        qualified = frozenset(self.qualified_names(node))
        if isinstance(node, cst.Name):
            return Written("name", node.value, qualified)
        if isinstance(node, cst.Attribute):
            owner = self._written(node.value)
            self_model = self._is_entity_attribute(node)
            return Written("attribute", node.attr.value, qualified, owner, self_model)
        return Written("other")

    def _is_entity_attribute(self, node: cst.Attribute) -> bool:
        """`self.model` where the enclosing class (or a base) holds a mapped class there."""
        if not (isinstance(node.value, cst.Name) and node.value.value in ("self", "cls")):
            return False
        if not self.classes:
            return False
        names = self.qualified_names(self.classes[-1].name)
        return any(node.attr.value in self.index.entity_attributes.get(n, ()) for n in names)
