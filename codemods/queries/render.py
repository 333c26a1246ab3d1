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

import libcst as cst

from codemods.queries.chain import Chain
from codemods.queries.forms import Plan
from codemods.queries.methods import BULK_ARGUMENTS
from codemods.queries.uniqueness import code_of

INDENT = "    "
# A one-line rewrite longer than this puts its statement on a line of its own.
WRAP_AFTER = 72


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
    """A bare line break at the chain's indentation, if it has a dot on its own line
    outside any parentheses of its own: `(db.query(X)\n.filter(c)\n).all()` breaks
    lines only inside the parentheses that close before `.all()`, which the result calls
    will follow on the same line."""
    for depth, link in enumerate(reversed(chain.links)):
        if depth and link.call.lpar:
            return None
        whitespace = link.attribute.dot.whitespace_before
        if isinstance(whitespace, cst.ParenthesizedWhitespace):
            return cst.ensure_type(_bare(whitespace), cst.ParenthesizedWhitespace)
    return None


def _consumer(chain: Chain, plan: Plan) -> cst.Attribute | None:
    """The `.all()`-like call's attribute the chain ends with, if it ends with one."""
    links = chain.links
    return links[len(plan.renames)].attribute if len(links) > len(plan.renames) else None


def _root(chain: Chain, plan: Plan) -> cst.BaseExpression:
    """`select(<columns>)`, `delete(X)` or `update(X)` in place of `db.query(...)`.

    A variable or a builder call that held the query now holds the statement: it stays,
    but for a bulk statement, built from the entity and the criteria the variable holds.
    """
    if not chain.starts_with_query:
        return chain.root if plan.statement == "select" else _held_bulk_root(chain, plan)
    root = cst.ensure_type(chain.root, cst.Call)
    return cst.Call(
        func=cst.Name(plan.spelling(plan.statement)),
        args=[*root.args[:-1], root.args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)],
        whitespace_after_func=root.whitespace_after_func,
        whitespace_before_args=root.whitespace_before_args,
    )


def _held_bulk_root(chain: Chain, plan: Plan) -> cst.BaseExpression:
    """`delete(X).where(q.whereclause)` for `q.delete()` with `q` holding `select(X)...`:
    legacy took the entity and the WHERE criteria alone from the query."""
    assert chain.origin is not None
    entity = chain.origin.selected[0].value.deep_clone()
    statement = cst.Call(func=cst.Name(plan.spelling(plan.statement)), args=[cst.Arg(entity)])
    if not plan.held_criteria:
        return statement
    criteria = cst.Attribute(value=chain.root, attr=cst.Name("whereclause"))
    return _call(statement, "where", [cst.Arg(criteria)])


def _bulk_arguments(consumer: cst.Call, method: str) -> dict[str, cst.Arg]:
    positional = [a for a in consumer.args if a.keyword is None]
    found = dict(zip(BULK_ARGUMENTS[method], positional, strict=False))
    found.update({a.keyword.value: a for a in consumer.args if a.keyword is not None})
    return found


def _bulk_tail(
    statement: cst.BaseExpression, consumer: cst.Call, plan: Plan, dot: cst.Dot | None
) -> cst.BaseExpression:
    """`.values(v)` and `.execution_options(synchronize_session=s)` after the criteria."""
    given = _bulk_arguments(consumer, plan.statement)
    if "values" in given:
        value = given["values"].with_changes(keyword=None, equal=cst.MaybeSentinel.DEFAULT)
        statement = _call(statement, "values", [_last(value)], dot)
    if "synchronize_session" in given:
        option = given["synchronize_session"].with_changes(
            keyword=cst.Name("synchronize_session"),
            equal=cst.AssignEqual(
                whitespace_before=cst.SimpleWhitespace(""),
                whitespace_after=cst.SimpleWhitespace(""),
            ),
        )
        statement = _call(statement, "execution_options", [_last(option)], dot)
    return statement


def _last(argument: cst.Arg) -> cst.Arg:
    return argument.with_changes(comma=cst.MaybeSentinel.DEFAULT)


def _statement(chain: Chain, plan: Plan, multiline: bool) -> cst.BaseExpression:
    consumer = _consumer(chain, plan)
    links = chain.links[: len(plan.renames)]
    statement: cst.BaseExpression = _root(chain, plan)
    for link, method in zip(links, plan.renames, strict=True):
        dot = link.attribute.dot
        if multiline:
            dot = dot.with_changes(whitespace_before=_deeper(dot.whitespace_before))
        attribute = link.attribute.with_changes(value=statement, attr=cst.Name(method), dot=dot)
        statement = link.call.with_changes(func=attribute)
    # Calls appended below go inside the parentheses the statement was written in.
    lpar, rpar = statement.lpar, statement.rpar
    statement = statement.with_changes(lpar=[], rpar=[])
    appended = None  # the dot of appended calls: on lines of their own in a broken chain
    if lpar and links and _broken(links[-1].attribute.dot):
        appended = cst.Dot(whitespace_before=_bare(links[-1].attribute.dot.whitespace_before))
    if plan.statement != "select":
        tail = _bulk_tail(statement, chain.links[-1].call, plan, appended)
        return tail.with_changes(lpar=lpar, rpar=rpar)
    if plan.window is not None:
        start, stop = plan.window
        bounds = [cst.Arg(cst.Integer(str(start))), cst.Arg(cst.Integer(str(stop)))]
        statement = _call(statement, "slice", bounds)
    if plan.limit_one:
        dot = consumer.dot if consumer is not None else cst.Dot()
        if multiline:
            dot = dot.with_changes(whitespace_before=_deeper(dot.whitespace_before))
        elif appended is not None:
            dot = appended
        statement = _call(statement, "limit", [cst.Arg(cst.Integer("1"))], dot)
    return statement.with_changes(lpar=lpar, rpar=rpar)


def _broken(dot: cst.Dot) -> bool:
    """A dot at the start of its own line."""
    return isinstance(dot.whitespace_before, cst.ParenthesizedWhitespace)


def _bare(whitespace: cst.BaseParenthesizableWhitespace) -> cst.BaseParenthesizableWhitespace:
    """The same line break and indentation, without the comments it carried."""
    if isinstance(whitespace, cst.ParenthesizedWhitespace):
        return whitespace.with_changes(first_line=cst.TrailingWhitespace(), empty_lines=[])
    return whitespace


def _count_statement(chain: Chain, plan: Plan, statement: cst.BaseExpression) -> cst.BaseExpression:
    func = cst.Name(plan.spelling("func"))
    count = cst.Call(func=cst.Attribute(value=func, attr=cst.Name("count")))
    counting = cst.Call(func=cst.Name(plan.spelling("select")), args=[cst.Arg(count)])
    if plan.count == "subquery":
        return _call(counting, "select_from", [cst.Arg(_call(statement, "subquery"))])
    # `select(func.count()).select_from(X).where(...)`: the statement's links after X.
    entity = _last(cst.ensure_type(chain.root, cst.Call).args[0])
    counted: cst.BaseExpression = _call(counting, "select_from", [entity])
    for link, method in zip(chain.links[:-1], plan.renames, strict=True):
        attribute = link.attribute.with_changes(value=counted, attr=cst.Name(method))
        counted = link.call.with_changes(func=attribute)
    return counted


def render(chain: Chain, plan: Plan, statement_level: bool = True) -> cst.BaseExpression:
    """`<session>.execute(<statement>).<result methods>` in place of the chain's top.

    A plan that is not executed gives the statement alone (`select(X).where(c)`), written
    where the chain was: its layout stays exactly as it was.
    """
    top = chain.top
    if not plan.executed:
        statement = _statement(chain, plan, multiline=False)
        return statement.with_changes(lpar=top.lpar, rpar=top.rpar)
    line_break = _line_break(chain)
    statement = _statement(chain, plan, line_break is not None)
    if plan.count:
        statement = _count_statement(chain, plan, statement)
    argument = cst.Arg(statement)
    execute = cst.Call(
        func=cst.Attribute(value=chain.session, attr=cst.Name("execute")), args=[argument]
    )
    if line_break is None and len(statement.lpar) == 1 and len(statement.rpar) == 1:
        execute = _parentheses_to_arguments(execute, statement)
    if line_break is not None:
        # A comment after the last statement line stays there (`.limit(1)` took it if added).
        consumer = _consumer(chain, plan)
        took_comment = plan.limit_one and not plan.count
        closing = (
            consumer.dot.whitespace_before
            if consumer is not None and not took_comment
            else line_break
        )
        execute = execute.with_changes(
            whitespace_before_args=_deeper(line_break),
            args=[argument.with_changes(whitespace_after_arg=closing)],
        )
    result: cst.BaseExpression = execute
    for method in plan.result:
        dot = cst.Dot(whitespace_before=line_break) if line_break is not None else cst.Dot()
        result = _call(result, method, dot=dot)
    if plan.rowcount:
        result = cst.Attribute(value=result, attr=cst.Name("rowcount"))
    single_line = line_break is None and not _spans_lines(execute)
    if single_line and statement_level and len(code_of(result)) > WRAP_AFTER:
        return render_wrapped(result, top)
    return result.with_changes(lpar=top.lpar, rpar=top.rpar)


def _parentheses_to_arguments(execute: cst.Call, statement: cst.BaseExpression) -> cst.Call:
    """`execute((\n select(X)\n .where(c)\n))` -> `execute(\n select(X)\n .where(c)\n)`:
    the statement's own parentheses (a chain written `(db.query(X)...).all()`) become the
    call's."""
    lpar, rpar = statement.lpar[0], statement.rpar[0]
    bare = statement.with_changes(lpar=[], rpar=[])
    return execute.with_changes(
        whitespace_before_args=lpar.whitespace_after,
        args=[cst.Arg(bare, whitespace_after_arg=rpar.whitespace_before)],
    )


def _spans_lines(execute: cst.Call) -> bool:
    return isinstance(execute.whitespace_before_args, cst.ParenthesizedWhitespace)


def _is_execute(node: cst.BaseExpression) -> bool:
    return (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value == "execute"
        and isinstance(node.func.value, cst.Name)
    )


def render_wrapped(result: cst.BaseExpression, top: cst.BaseExpression) -> cst.BaseExpression:
    """A long one-line result with the statement on its own line, as black would write it:

    db.execute(
        select(User).where(User.city == city).limit(1)
    ).scalars().first()
    """
    node = result
    while not _is_execute(node):
        if isinstance(node, cst.Attribute):
            node = node.value
        elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
            node = node.func.value
        else:
            return result.with_changes(lpar=top.lpar, rpar=top.rpar)
    execute = cst.ensure_type(node, cst.Call)
    wrapped = execute.with_changes(
        whitespace_before_args=_wrapped_line(INDENT),
        args=[execute.args[0].with_changes(whitespace_after_arg=_wrapped_line(""))],
    )
    return result.deep_replace(execute, wrapped).with_changes(lpar=top.lpar, rpar=top.rpar)
