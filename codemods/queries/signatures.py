"""Signatures of functions that now deal in `select()`: builders, receivers, their calls.

    def list_query(db: Session) -> Query:   ->  def list_query(db: Session) -> Select:
    def paginate(query: Query, page: int):  ->  def paginate(db: Session, query: Select, page: int):
    paginate(q, page)                       ->  paginate(db, q, page)

Pure CST helpers; which functions and calls qualify is the planner's decision.
"""

from __future__ import annotations

import libcst as cst

# Where the legacy Query class lives, for annotations that name it.
QUERY_TYPES = frozenset({"sqlalchemy.orm.Query", "sqlalchemy.orm.query.Query"})
SYNC_SESSION_TYPES = frozenset(
    {"sqlalchemy.orm.Session", "sqlalchemy.orm.session.Session", "sqlmodel.Session"}
)


def select_type(annotation: cst.BaseExpression, spelled: str) -> cst.BaseExpression:
    """`Query` -> `Select`, `Query[X]` -> `Select[tuple[X]]` (2.0's typed statement)."""
    if isinstance(annotation, cst.Subscript) and len(annotation.slice) == 1:
        element = annotation.slice[0]
        index = cst.ensure_type(element.slice, cst.Index)
        row = cst.Subscript(cst.Name("tuple"), [cst.SubscriptElement(cst.Index(index.value))])
        return annotation.with_changes(
            value=cst.Name(spelled),
            slice=[element.with_changes(slice=index.with_changes(value=row))],
        )
    return cst.Name(spelled).with_changes(lpar=annotation.lpar, rpar=annotation.rpar)


def with_session_parameter(
    params: cst.Parameters, position: int, name: str, annotation: str | None
) -> cst.Parameters:
    """The parameters with `name[: annotation]` inserted at `position` (`self` counted)."""
    new = cst.Param(
        cst.Name(name),
        cst.Annotation(cst.Name(annotation)) if annotation else None,
        comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")),
    )
    existing = list(params.params)
    if position < len(existing):
        new = new.with_changes(comma=cst.Comma(whitespace_after=_gap(existing, position)))
    elif existing:
        last = existing[-1]
        if last.comma is cst.MaybeSentinel.DEFAULT:
            existing[-1] = last.with_changes(
                comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
            )
        new = new.with_changes(comma=cst.MaybeSentinel.DEFAULT)
    else:
        new = new.with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return params.with_changes(params=[*existing[:position], new, *existing[position:]])


def _gap(
    existing: list[cst.Param] | list[cst.Arg], position: int
) -> cst.BaseParenthesizableWhitespace:
    """The whitespace between two items where one is inserted: the layout is kept
    (one per line stays one per line)."""
    neighbour = existing[position - 1] if position > 0 else existing[0]
    comma = neighbour.comma
    return comma.whitespace_after if isinstance(comma, cst.Comma) else cst.SimpleWhitespace(" ")


def with_argument(call: cst.Call, position: int, value: cst.BaseExpression) -> cst.Call:
    """`f(a, b)` -> `f(<value>, a, b)` with the argument at `position` among positional ones."""
    args = list(call.args)
    new = cst.Arg(value, comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
    if position < len(args):
        new = new.with_changes(comma=cst.Comma(whitespace_after=_gap(args, position)))
        return call.with_changes(args=[*args[:position], new, *args[position:]])
    if args and args[-1].comma is cst.MaybeSentinel.DEFAULT:
        args[-1] = args[-1].with_changes(
            comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        )
    return call.with_changes(args=[*args, new.with_changes(comma=cst.MaybeSentinel.DEFAULT)])
