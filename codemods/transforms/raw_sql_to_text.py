"""Wrap raw SQL strings given to `session.execute()` in `text()`.

    db.execute("DELETE FROM tokens WHERE expired")
        ->  db.execute(text("DELETE FROM tokens WHERE expired"))

SQLAlchemy 1.4 coerced a plain string to `text()` (with a deprecation warning); 2.0
raises `ObjectNotExecutableError`. The statement, its `:name` bind parameters and the
parameters passed beside it mean exactly what they meant.
"""

from __future__ import annotations

import libcst as cst

from codemods.index import ProjectIndex
from codemods.sessions import SessionTracker
from codemods.settings import Settings
from codemods.spelling import SqlNameSpeller
from codemods.text_checks import method_called
from codemods.transforms.base import Transform

STRING_NODES = (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)


class RawSqlToText(SessionTracker, SqlNameSpeller, Transform):
    DESCRIPTION = 'db.execute("SQL") -> db.execute(text("SQL"))'

    @classmethod
    def wanted(cls, source: str, settings: Settings, index: ProjectIndex) -> bool:
        return method_called(source, "execute")

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        call = self.session_call(original_node)
        if call is None or call.method != "execute" or not updated_node.args:
            return updated_node
        first = updated_node.args[0]
        if first.keyword is not None or first.star or not isinstance(first.value, STRING_NODES):
            return updated_node
        spelling = self.sql_spelling(original_node, "text")
        if spelling is None:
            return updated_node
        self.add_needed_import("sqlalchemy", "text", None if spelling == "text" else spelling)
        self.rewrites += 1
        wrapped = cst.Call(func=cst.Name(spelling), args=[cst.Arg(first.value)])
        return updated_node.with_changes(
            args=[first.with_changes(value=wrapped), *updated_node.args[1:]]
        )
