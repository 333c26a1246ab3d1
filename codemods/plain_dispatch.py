"""LibCST codemod transformers without the matcher-decorator machinery.

Every `ContextAwareTransformer` is a `MatcherDecoratableTransformer`: building one walks
`dir()` of its class several times to gather `@m.visit`-style decorators, and visiting a
node checks each matcher. Our transforms and the import visitors we run use no such
decorator, and on a migrate run that bookkeeping was a fifth of the time. A class that
derives from `PlainDispatch` dispatches straight to `visit_<Node>`/`leave_<Node>`; the
first instance of each class is built the full way and checked once for decorators (a
class that uses them is refused), later ones skip the gathering.

`PlainDispatch` goes after the LibCST class it speeds up in the bases
(`class AddImports(AddImportsVisitor, PlainDispatch)`): the method order then puts its
`__init__` between that class's and `ContextAwareTransformer`'s.
"""

from __future__ import annotations

from typing import ClassVar, cast

import libcst as cst
from libcst.codemod import Codemod, CodemodContext, ContextAwareTransformer


class PlainDispatch(ContextAwareTransformer):
    # Classes whose first instance was checked: they use no matcher decorator.
    _checked: ClassVar[set[type]] = set()

    def __init__(self, context: CodemodContext) -> None:
        cls = type(self)
        if cls not in PlainDispatch._checked:
            super().__init__(context)
            if self._matchers or self._extra_visit_funcs or self._extra_leave_funcs:
                raise TypeError(f"{cls.__name__}: matcher decorators are not supported")
            PlainDispatch._checked.add(cls)
            return
        Codemod.__init__(self, context)
        cst.CSTTransformer.__init__(self)
        self._matchers, self._extra_visit_funcs, self._extra_leave_funcs = {}, {}, {}

    def on_visit(self, node: cst.CSTNode) -> bool:
        return cst.CSTTransformer.on_visit(self, node)

    def on_leave(
        self, original_node: cst.CSTNodeT, updated_node: cst.CSTNodeT
    ) -> cst.CSTNodeT | cst.RemovalSentinel:
        left = cst.CSTTransformer.on_leave(self, original_node, updated_node)
        return cast("cst.CSTNodeT | cst.RemovalSentinel", left)

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        cst.CSTTransformer.on_visit_attribute(self, node, attribute)

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        cst.CSTTransformer.on_leave_attribute(self, original_node, attribute)
