"""Can a query's criteria match more than one row? Proven only from equalities on keys.

`first()` may become `scalar_one_or_none()` only when the criteria, taken together
(`filter(a, b)`, chained filters, `and_()`, `&`, `filter_by()`), contain an equality on
the whole primary key, or on a single-column unique key that cannot be NULL (a NULL
compared with `==` becomes `IS NULL`, which a unique column allows many times).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import libcst as cst
import libcst.matchers as m

from codemods.models_index import Model

_MODULE = cst.Module(body=[])
AND_NAMES = frozenset({"and_"})


def code_of(node: cst.CSTNode) -> str:
    return _MODULE.code_for_node(node).strip()


@dataclass(frozen=True)
class Equality:
    attribute: str
    non_null_literal: bool


def conjuncts(criteria: Iterable[cst.BaseExpression]) -> Iterator[cst.BaseExpression]:
    """Split `and_(a, b)` and `a & b` into `a`, `b`; anything else is one criterion."""
    for criterion in criteria:
        if isinstance(criterion, cst.BinaryOperation) and isinstance(
            criterion.operator, cst.BitAnd
        ):
            yield from conjuncts([criterion.left, criterion.right])
        elif (
            isinstance(criterion, cst.Call)
            and code_of(criterion.func).rsplit(".", 1)[-1] in AND_NAMES
            and all(arg.keyword is None and not arg.star for arg in criterion.args)
        ):
            yield from conjuncts(arg.value for arg in criterion.args)
        else:
            yield criterion


def _mentions(expression: cst.CSTNode, entity: str) -> bool:
    found = m.findall(expression, m.Attribute())
    return any(code_of(cst.ensure_type(a, cst.Attribute).value) == entity for a in found)


def _is_non_null_literal(node: cst.BaseExpression) -> bool:
    return isinstance(
        node,
        cst.SimpleString | cst.ConcatenatedString | cst.Integer | cst.Float | cst.FormattedString,
    )


def _equality(criterion: cst.BaseExpression, entity: str) -> Equality | None:
    if not isinstance(criterion, cst.Comparison) or len(criterion.comparisons) != 1:
        return None
    target = criterion.comparisons[0]
    if not isinstance(target.operator, cst.Equal):
        return None
    for column, value in ((criterion.left, target.comparator), (target.comparator, criterion.left)):
        if (
            isinstance(column, cst.Attribute)
            and code_of(column.value) == entity
            and not _mentions(value, entity)
        ):
            return Equality(column.attr.value, _is_non_null_literal(value))
    return None


def keyword_equalities(filter_by: Iterable[cst.Call]) -> Iterator[Equality]:
    for call in filter_by:
        for arg in call.args:
            if arg.keyword is not None:
                yield Equality(arg.keyword.value, _is_non_null_literal(arg.value))


def at_most_one_row(
    model: Model, entity: str, criteria: Iterable[cst.BaseExpression], filter_by: Iterable[cst.Call]
) -> bool:
    """True when the criteria pin `model` (written `entity`) to at most one row."""
    equalities = [e for c in conjuncts(criteria) if (e := _equality(c, entity))]
    equalities.extend(keyword_equalities(filter_by))
    compared = {e.attribute for e in equalities}
    if model.primary_key and set(model.primary_key) <= compared:
        return True
    return any(
        e.attribute in model.unique and (e.attribute in model.not_null or e.non_null_literal)
        for e in equalities
    )
