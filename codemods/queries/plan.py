"""Decide how a legacy query chain becomes 2.0 code, or why it must be left alone.

A mixin over `SessionTracker`, shared by the transform that rewrites chains and the
audit rule that reports the rest, so both always agree on what is fixable.

The facts it relies on (SQLAlchemy 2.x `Query._iter`, `first`, `scalar`, `count`):

- a result with one mapped entity is turned into scalars; a result containing any
  mapped entity is de-duplicated (`unique()`); column-only results are neither. A single
  column therefore comes back as 1-tuples (Rows), not as values;
- `first()` applies `LIMIT 1` (replacing any earlier limit);
- `scalar()` is `one()` (so: several rows raise) and then the first element;
- `count()` counts the rows of the whole query wrapped in a subquery.

Rows of one entity can only repeat when the query joins; joined eager loading of a
collection makes 2.0 demand `unique()`. So `.unique()` is written exactly when the result
holds an entity and the query joins or eagerly joins a collection (or might).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import FullyQualifiedNameProvider, ImportAssignment, ProviderT, ScopeProvider

from codemods.models_index import Model
from codemods.queries.chain import Chain, Link, parse_chain
from codemods.queries.uniqueness import at_most_one_row, code_of
from codemods.sessions import SessionTracker

# Legacy Query method -> the Select method with the same meaning.
STATEMENT_METHODS = {
    "filter": "where",
    "where": "where",
    "filter_by": "filter_by",
    "order_by": "order_by",
    "group_by": "group_by",
    "having": "having",
    "limit": "limit",
    "offset": "offset",
    "slice": "slice",
    "distinct": "distinct",
    "join": "join",
    "outerjoin": "outerjoin",
    "select_from": "select_from",
    "options": "options",
    "with_entities": "with_only_columns",
    "add_columns": "add_columns",
    "execution_options": "execution_options",
    "with_for_update": "with_for_update",
    "correlate": "correlate",
}
TERMINALS = frozenset({"all", "first", "one", "one_or_none", "scalar", "count"})
JOINS = frozenset({"join", "outerjoin", "select_from"})
SHORT_COUNT_METHODS = frozenset({"filter", "filter_by", "where"})
# Why some Query methods are never rewritten by guess.
REFUSED_METHODS = {
    "from_self": "`from_self()` was removed in 2.0; rewrite it as an explicit subquery",
    "yield_per": "`yield_per()` changes de-duplication and streaming; migrate it by hand",
    "with_polymorphic": "`with_polymorphic()` needs an explicit `with_polymorphic()` entity",
    "params": "`params()` binds values at execution; pass them to `execute()` by hand",
    "populate_existing": "`populate_existing()` needs an execution option; not rewritten yet",
    "enable_eagerloads": "`enable_eagerloads()` has no 2.0 statement equivalent",
    "union": "`union()` of ORM queries needs `select(X).from_statement(union(...))`",
    "union_all": "`union_all()` of ORM queries needs `from_statement(union_all(...))`",
    "intersect": "`intersect()` of ORM queries needs `from_statement(intersect(...))`",
    "except_": "`except_()` of ORM queries needs `from_statement(except_(...))`",
    "get": "`get()` after criteria or options is an error in SQLAlchemy",
}
JOIN_KEYWORDS = frozenset({"isouter", "full"})
# Where an already imported `select` / `func` may come from and still be the right one.
SQL_NAME_MODULES = frozenset(
    {"sqlalchemy", "sqlalchemy.sql", "sqlalchemy.sql.expression", "sqlalchemy.future", "sqlmodel"}
)
EAGER_JOIN_LOADERS = frozenset({"joinedload", "contains_eager"})
CAMEL_CASE = re.compile(r"^_*[A-Z][A-Za-z0-9_]*[a-z][A-Za-z0-9_]*$")

Shape = Literal["entity", "column", "unknown"]


@dataclass(frozen=True)
class Plan:
    """How to write one executed chain as `db.execute(<statement>).<result methods>`."""

    renames: tuple[str, ...]  # the Select method for each link before the terminal
    result: tuple[str, ...]  # methods called on the Result, in order
    limit_one: bool = False  # `first()`: append `.limit(1)`
    count: Literal["", "short", "subquery"] = ""
    forced_one_or_none: bool = False  # `first-style = "one-or-none"` made the choice

    @property
    def names(self) -> frozenset[str]:
        """The `sqlalchemy` names the rewritten code uses."""
        return frozenset({"select", "func"} if self.count else {"select"})


@dataclass(frozen=True)
class Refusal:
    reason: str


@dataclass(frozen=True)
class _Selected:
    shapes: tuple[Shape, ...]
    entity: cst.BaseExpression | None  # the single entity selected, if that is the shape
    model: Model | None

    @property
    def single_entity(self) -> bool:
        return self.shapes == ("entity",)

    @property
    def has_entity(self) -> bool:
        return "entity" in self.shapes


class QueryPlanner(SessionTracker):
    """Mixin: plans every legacy query chain top (its outermost call) on the way down.

    It owns `visit_Call`; a subclass that needs it too must call `super().visit_Call`.
    """

    METADATA_DEPENDENCIES: ClassVar[Collection[ProviderT]] = (
        ScopeProvider,
        FullyQualifiedNameProvider,
    )

    def init_query_planning(self) -> None:
        self.plans: dict[cst.Call, tuple[Chain, Plan | Refusal]] = {}
        self._inside_chain: set[cst.Call] = set()
        # A query root (`db.query(...)` call) -> the plan of the chain it starts.
        self.root_plans: dict[cst.Call, Plan | Refusal] = {}

    def visit_Call(self, node: cst.Call) -> None:
        if node in self._inside_chain:
            return
        chain = parse_chain(node)
        if chain is None or self.session_kind(chain.session) is None:
            return
        self._inside_chain.update(chain.calls())
        plan = self._plan(chain)
        self.plans[node] = (chain, plan)
        self.root_plans[chain.root] = plan

    # -- planning ------------------------------------------------------------------

    def _plan(self, chain: Chain) -> Plan | Refusal:
        if not chain.links or chain.links[-1].method not in TERMINALS:
            return Refusal(
                "the query is not executed where it is built (held in a variable, "
                "returned or passed on): not rewritten yet"
            )
        *statement, terminal = chain.links
        refusal = self._refuse_links(statement)
        if refusal is not None:
            return refusal
        selected = self._selected(chain)
        if isinstance(selected, Refusal):
            return selected
        renames = tuple(STATEMENT_METHODS[link.method] for link in statement)
        unique = selected.has_entity and self._may_repeat_entities(statement)
        plan = self._terminal(terminal.method, chain, statement, selected, renames, unique)
        taken = sorted(name for name in plan.names if self._name_taken(chain.root, name))
        if taken:
            return Refusal(f"the name `{taken[0]}` means something else here")
        return plan

    def _name_taken(self, node: cst.CSTNode, name: str) -> bool:
        """Whether `name` is bound here to anything but SQLAlchemy's (or SQLModel's) own."""
        scope = self.get_metadata(ScopeProvider, node, None)
        if scope is None:
            return False
        for assignment in scope[name]:
            if not isinstance(assignment, ImportAssignment) or not isinstance(
                assignment.node, cst.ImportFrom
            ):
                return True
            module = (
                get_full_name_for_node(assignment.node.module) if assignment.node.module else ""
            )
            if module not in SQL_NAME_MODULES:
                return True
        return False

    def _refuse_links(self, statement: Sequence[Link]) -> Refusal | None:
        for link in statement:
            if link.method in REFUSED_METHODS:
                return Refusal(REFUSED_METHODS[link.method])
            if link.method not in STATEMENT_METHODS:
                return Refusal(f"`.{link.method}()` is not a Query method the tool can rewrite")
            if link.method in ("join", "outerjoin") and not self._plain_join(link.call):
                return Refusal("a join by string or with legacy arguments has no 2.0 form")
        return None

    @staticmethod
    def _plain_join(call: cst.Call) -> bool:
        positional = [a for a in call.args if a.keyword is None]
        keywords = {a.keyword.value for a in call.args if a.keyword is not None}
        return (
            1 <= len(positional) <= 2
            and not any(a.star for a in call.args)
            and keywords <= JOIN_KEYWORDS
            and not any(isinstance(a.value, cst.SimpleString) for a in positional)
        )

    def _selected(self, chain: Chain) -> _Selected | Refusal:
        columns = list(chain.root.args)
        for link in chain.links:
            if link.method == "with_entities":
                columns = list(link.call.args)
            elif link.method == "add_columns":
                columns += list(link.call.args)
        if not columns or any(arg.star or arg.keyword for arg in columns):
            return Refusal("the selected entities are not written out (`*args` or none)")
        shapes = tuple(self._shape(arg.value) for arg in columns)
        if "unknown" in shapes:
            unknown = code_of(columns[shapes.index("unknown")].value)
            return Refusal(f"cannot tell whether `{unknown}` is an entity or a column")
        entity = columns[0].value if shapes == ("entity",) else None
        model = self._model_of(entity) if entity is not None else None
        return _Selected(shapes, entity, model)

    def _may_repeat_entities(self, statement: Sequence[Link]) -> bool:
        """Joins repeat entity rows; joined eager loads of collections need `unique()`."""
        if any(link.method in JOINS for link in statement):
            return True
        return any(
            self._eager_joins_collection(arg.value)
            for link in statement
            if link.method == "options"
            for arg in link.call.args
        )

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
        model = self._model_of(target.value)
        if model is None or target.attr.value not in model.relationships:
            return True
        return model.relationships[target.attr.value].collection is not False

    # -- what is selected ------------------------------------------------------------

    def _model_of(self, node: cst.BaseExpression) -> Model | None:
        for qualified in self._qualified_names(node):
            if qualified.name in self.index.models:
                return self.index.models[qualified.name]
        return None

    def _shape(self, node: cst.BaseExpression) -> Shape:
        if self._is_entity(node):
            return "entity"
        if isinstance(node, cst.Attribute) and self._is_entity(node.value):
            model = self._model_of(node.value)
            if model is not None and node.attr.value in model.relationships:
                return "unknown"  # `query(User.posts)`: rare, and not a column
            return "column"
        if isinstance(node, cst.Name | cst.Attribute):
            return "unknown"
        return "column"  # an expression: func.count(...), X.a + 1, literal_column(...)

    def _is_entity(self, node: cst.BaseExpression) -> bool:
        if self._model_of(node) is not None:
            return True
        if isinstance(node, cst.Call) and code_of(node.func).rsplit(".", 1)[-1] == "aliased":
            return True
        if not isinstance(node, cst.Name | cst.Attribute):
            return False
        last = node.value if isinstance(node, cst.Name) else node.attr.value
        if self._project_class_that_is_not_a_model(node):
            return False
        return bool(CAMEL_CASE.match(last))

    def _project_class_that_is_not_a_model(self, node: cst.BaseExpression) -> bool:
        # A class the project defines but the index did not find mapped (a schema, say).
        names = {q.name for q in self._qualified_names(node)}
        modules = {name.rsplit(".", 1)[0] for name in names}
        project = {
            path.removesuffix(".py").replace("/", ".") for path in self.index.import_paths.values()
        }
        return bool(modules & project) and not names & set(self.index.models)

    # -- the terminal ----------------------------------------------------------------

    def _terminal(
        self,
        method: str,
        chain: Chain,
        statement: Sequence[Link],
        selected: _Selected,
        renames: tuple[str, ...],
        unique: bool,
    ) -> Plan:
        scalars = selected.single_entity
        prefix: tuple[str, ...] = ("unique",) if unique else ()
        if method == "count":
            return Plan(
                renames, ("scalar_one",), count=self._count_form(chain, statement, selected)
            )
        if method == "scalar":
            return Plan(renames, (*prefix, "scalar_one_or_none"))
        if method == "all":
            return Plan(renames, ("scalars", *prefix, "all") if scalars else (*prefix, "all"))
        if method in ("one", "one_or_none"):
            if not scalars:
                return Plan(renames, (*prefix, method))
            if unique:
                return Plan(renames, ("scalars", "unique", method))
            return Plan(renames, ("scalar_one",) if method == "one" else ("scalar_one_or_none",))
        return self._first(chain, statement, selected, renames, prefix)

    def _first(
        self,
        chain: Chain,
        statement: Sequence[Link],
        selected: _Selected,
        renames: tuple[str, ...],
        prefix: tuple[str, ...],
    ) -> Plan:
        if not selected.single_entity:
            return Plan(renames, (*prefix, "first"), limit_one=True)
        if self._provably_one_row(statement, selected):
            return Plan(renames, (*prefix, "scalar_one_or_none"))
        if self.settings.first_style == "one-or-none":
            return Plan(renames, (*prefix, "scalar_one_or_none"), forced_one_or_none=True)
        return Plan(renames, ("scalars", *prefix, "first"), limit_one=True)

    @staticmethod
    def _provably_one_row(statement: Sequence[Link], selected: _Selected) -> bool:
        if selected.model is None or selected.entity is None:
            return False
        if any(link.method in JOINS | {"group_by", "having", "distinct"} for link in statement):
            return False
        criteria = [
            arg.value
            for link in statement
            if link.method in ("filter", "where")
            for arg in link.call.args
        ]
        filter_by = [link.call for link in statement if link.method == "filter_by"]
        return at_most_one_row(selected.model, code_of(selected.entity), criteria, filter_by)

    @staticmethod
    def _count_form(
        chain: Chain, statement: Sequence[Link], selected: _Selected
    ) -> Literal["short", "subquery"]:
        simple = all(link.method in SHORT_COUNT_METHODS for link in statement)
        return (
            "short"
            if simple and selected.single_entity and len(chain.root.args) == 1
            else "subquery"
        )
