"""The legacy `Query` methods, by what the rewrite does with them."""

from __future__ import annotations

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
# Methods that change what the query selects (so its result shape).
RESHAPING = frozenset({"with_entities", "add_columns"})
EXECUTING = frozenset({"all", "first", "one", "one_or_none", "scalar", "count"})
# Query methods that turn it into a SQL construct -> (the Select method, its arguments).
SQL_CONSTRUCTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "subquery": ("subquery", ("name",)),
    "cte": ("cte", ("name", "recursive", "nesting")),
    "exists": ("exists", ()),
    "as_scalar": ("scalar_subquery", ()),
    "scalar_subquery": ("scalar_subquery", ()),
    "label": ("label", ("name",)),
}
BULK = frozenset({"delete", "update"})
CRITERIA = frozenset({"filter", "filter_by", "where"})
# What legacy `Query.delete()` / `update()` raise on (`BulkUD._validate_query_state`); they
# build the bulk statement from the entity and the criteria alone, dropping anything else.
BULK_REFUSED = frozenset(
    {
        *("limit", "offset", "slice", "order_by", "group_by", "distinct"),
        *("join", "outerjoin", "select_from"),
    }
)
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
NOT_EXECUTED = (
    "the query is not executed where it is built (held in a variable, returned or passed "
    "on): not rewritten yet"
)
PASSED_ON = (
    "which keeps receiving a Query: it is outside the project, passed around by name, "
    "lets the query escape, or is handed queries of other shapes"
)
JOIN_KEYWORDS = frozenset({"isouter", "full"})
# The arguments of the legacy bulk methods, in positional order.
BULK_ARGUMENTS = {"delete": ("synchronize_session",), "update": ("values", "synchronize_session")}
SHORT_COUNT_METHODS = CRITERIA
