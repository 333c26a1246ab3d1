"""Load by primary key with `Session.get()` instead of the legacy `Query.get()`.

    db.query(User).get(user_id)    ->  db.get(User, user_id)

`Query.get()` is the legacy spelling of `Session.get()` (SQLAlchemy 1.4+): both return
the object from the identity map when present, else load it by primary key, else None.
Only the bare form is rewritten; a query with criteria, options or any other method
before `.get()` is left to the full query rewrite. On an AsyncSession the resulting
`get` is then awaited by `await_session_io`.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from codemods.index import ProjectIndex
from codemods.sessions import SessionTracker
from codemods.settings import Settings
from codemods.text_checks import get_on_a_call, method_called
from codemods.transforms.base import Transform

_POSITIONAL = m.Arg(keyword=None, star="")
BARE_QUERY_GET = m.Call(
    func=m.Attribute(
        value=m.Call(func=m.Attribute(value=m.Name(), attr=m.Name("query")), args=[_POSITIONAL]),
        attr=m.Name("get"),
    ),
    args=[_POSITIONAL],
)


class QueryGetToSessionGet(SessionTracker, Transform):
    DESCRIPTION = "db.query(X).get(pk) -> db.get(X, pk)"

    @classmethod
    def wanted(cls, source: str, settings: Settings, index: ProjectIndex) -> bool:
        return method_called(source, "query") and get_on_a_call(source)

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        if not m.matches(original_node, BARE_QUERY_GET):
            return updated_node
        query = cst.ensure_type(cst.ensure_type(original_node.func, cst.Attribute).value, cst.Call)
        session = self.session_call(query)
        if session is None or session.method != "query":
            return updated_node
        self.rewrites += 1
        return _merged_call(query, updated_node)


def _merged_call(query: cst.Call, get: cst.Call) -> cst.Call:
    """`db.get(X, pk)` laid out like the two calls it replaces, comments kept.

    The arguments go on their own lines when either call had them there; a comment
    after the entity stays after it.
    """
    entity, key = query.args[0], get.args[0]
    multiline = [
        call
        for call in (get, query)
        if isinstance(call.whitespace_before_args, cst.ParenthesizedWhitespace)
    ]
    opening = multiline[0].whitespace_before_args if multiline else cst.SimpleWhitespace("")
    after_entity = _trailing_whitespace(entity)
    between: cst.BaseParenthesizableWhitespace = cst.SimpleWhitespace(" ")
    if isinstance(opening, cst.ParenthesizedWhitespace):
        between = opening
        if isinstance(after_entity, cst.ParenthesizedWhitespace):
            between = after_entity.with_changes(last_line=opening.last_line)
    closing = key.whitespace_after_arg if get in multiline else after_entity
    return get.with_changes(
        func=query.func.with_changes(attr=cst.Name("get")),
        whitespace_before_args=opening,
        args=[
            entity.with_changes(
                whitespace_after_arg=cst.SimpleWhitespace(""),
                comma=cst.Comma(whitespace_after=between),
            ),
            key.with_changes(whitespace_after_arg=closing),
        ],
    )


def _trailing_whitespace(argument: cst.Arg) -> cst.BaseParenthesizableWhitespace:
    """What followed an argument up to the closing parenthesis, comma or not."""
    if isinstance(argument.comma, cst.Comma) and isinstance(
        argument.comma.whitespace_after, cst.ParenthesizedWhitespace
    ):
        return argument.comma.whitespace_after
    return argument.whitespace_after_arg
