"""Write a planned chain as 2.0 code, reusing the original nodes so comments survive.

    db.query(User).filter(User.id == uid).first()
    ->  db.execute(select(User).where(User.id == uid)).scalar_one_or_none()

A chain written one method per line keeps that layout, black-style:

    (
        db.query(User)
        .filter(User.city == city)
        .all()
    )
    ->
    (
        db.execute(
            select(User)
            .where(User.city == city)
        )
        .scalars()
        .all()
    )
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst

from codemods.queries.chain import Chain
from codemods.queries.plan import Plan
from codemods.queries.uniqueness import code_of

INDENT = "    "
# A one-line rewrite longer than this puts its statement on a line of its own.
WRAP_AFTER = 72


@dataclass(frozen=True)
class Names:
    """How the rewritten code spells the SQLAlchemy names it uses."""

    select: str = "select"
    func: str = "func"


def _call(
    receiver: cst.BaseExpression,
    method: str,
    args: Sequence[cst.Arg] = (),
    dot: cst.Dot | None = None,
) -> cst.Call:
    attribute = cst.Attribute(value=receiver, attr=cst.Name(method), dot=dot or cst.Dot())
    return cst.Call(func=attribute, args=args)


def _deeper(whitespace: cst.BaseParenthesizableWhitespace) -> cst.BaseParenthesizableWhitespace:
    """One level further in: the line's code and the comment lines before it."""
    if not isinstance(whitespace, cst.ParenthesizedWhitespace):
        return whitespace
    comments = [
        line.with_changes(whitespace=cst.SimpleWhitespace(line.whitespace.value + INDENT))
        if line.comment is not None
        else line
        for line in whitespace.empty_lines
    ]
    return whitespace.with_changes(
        empty_lines=comments, last_line=cst.SimpleWhitespace(whitespace.last_line.value + INDENT)
    )


def _wrapped_line(indent: str) -> cst.ParenthesizedWhitespace:
    return cst.ParenthesizedWhitespace(indent=True, last_line=cst.SimpleWhitespace(indent))


def _line_break(chain: Chain) -> cst.ParenthesizedWhitespace | None:
    """A bare line break at the chain's indentation, if it has a dot on its own line."""
    for link in reversed(chain.links):
        whitespace = link.attribute.dot.whitespace_before
        if isinstance(whitespace, cst.ParenthesizedWhitespace):
            return whitespace.with_changes(first_line=cst.TrailingWhitespace(), empty_lines=[])
    return None


def _before_terminal(chain: Chain) -> cst.BaseParenthesizableWhitespace:
    """What stood before the terminal's dot: the end of the last statement line."""
    return chain.links[-1].attribute.dot.whitespace_before


def _statement(chain: Chain, plan: Plan, names: Names, multiline: bool) -> cst.BaseExpression:
    *links, terminal = chain.links
    root = chain.root
    statement: cst.BaseExpression = cst.Call(
        func=cst.Name(names.select),
        args=root.args,
        whitespace_after_func=root.whitespace_after_func,
        whitespace_before_args=root.whitespace_before_args,
    )
    for link, method in zip(links, plan.renames, strict=True):
        dot = link.attribute.dot
        if multiline:
            dot = dot.with_changes(whitespace_before=_deeper(dot.whitespace_before))
        attribute = link.attribute.with_changes(value=statement, attr=cst.Name(method), dot=dot)
        statement = link.call.with_changes(func=attribute)
    if plan.limit_one:
        dot = terminal.attribute.dot
        dot = (
            dot.with_changes(whitespace_before=_deeper(dot.whitespace_before)) if multiline else dot
        )
        statement = _call(statement, "limit", [cst.Arg(cst.Integer("1"))], dot)
    return statement


def _count_statement(
    chain: Chain, plan: Plan, names: Names, statement: cst.BaseExpression
) -> cst.BaseExpression:
    count = cst.Call(func=cst.Attribute(value=cst.Name(names.func), attr=cst.Name("count")))
    counting = cst.Call(func=cst.Name(names.select), args=[cst.Arg(count)])
    if plan.count == "subquery":
        return _call(counting, "select_from", [cst.Arg(_call(statement, "subquery"))])
    # `select(func.count()).select_from(X).where(...)`: the statement's links after X.
    entity = chain.root.args[0].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    counted: cst.BaseExpression = _call(counting, "select_from", [entity])
    for link, method in zip(chain.links[:-1], plan.renames, strict=True):
        counted = link.call.with_changes(
            func=link.attribute.with_changes(value=counted, attr=cst.Name(method))
        )
    return counted


def render(chain: Chain, plan: Plan, names: Names) -> cst.BaseExpression:
    """`<session>.execute(<statement>).<result methods>` in place of the chain's top call."""
    top = chain.top
    line_break = _line_break(chain)
    statement = _statement(chain, plan, names, line_break is not None)
    if plan.count:
        statement = _count_statement(chain, plan, names, statement)
    argument = cst.Arg(statement)
    execute = cst.Call(
        func=cst.Attribute(value=chain.session, attr=cst.Name("execute")), args=[argument]
    )
    if line_break is not None:
        # A comment after the last statement line stays there (`.limit(1)` took it if added).
        closing = line_break if plan.limit_one and not plan.count else _before_terminal(chain)
        execute = execute.with_changes(
            whitespace_before_args=_deeper(line_break),
            args=[argument.with_changes(whitespace_after_arg=closing)],
        )
    result: cst.BaseExpression = execute
    for method in plan.result:
        dot = cst.Dot(whitespace_before=line_break) if line_break is not None else cst.Dot()
        result = _call(result, method, dot=dot)
    if line_break is None and len(code_of(result)) > WRAP_AFTER:
        return render_wrapped(result, top)
    return result.with_changes(lpar=top.lpar, rpar=top.rpar)


def render_wrapped(result: cst.BaseExpression, top: cst.Call) -> cst.BaseExpression:
    """A long one-line result with the statement on its own line, as black would write it:

    db.execute(
        select(User).where(User.city == city).limit(1)
    ).scalars().first()
    """
    node = result
    while isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
        if node.func.attr.value == "execute" and not isinstance(node.func.value, cst.Call):
            break
        node = node.func.value
    execute = cst.ensure_type(node, cst.Call)
    wrapped = execute.with_changes(
        whitespace_before_args=_wrapped_line(INDENT),
        args=[execute.args[0].with_changes(whitespace_after_arg=_wrapped_line(""))],
    )
    return result.deep_replace(execute, wrapped).with_changes(lpar=top.lpar, rpar=top.rpar)
