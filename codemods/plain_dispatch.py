"""LibCST codemod transformers without the matcher-decorator machinery.

Every `ContextAwareTransformer` is a `MatcherDecoratableTransformer`: building one walks
`dir()` of its class several times to gather `@m.visit`-style decorators, and visiting a
node checks each matcher. Our transforms and the import visitors we run use no such
decorator, and on a migrate run that bookkeeping was a fifth of the time. A class that
derives from `PlainDispatch` dispatches straight to `visit_<Node>`/`leave_<Node>`; the
first instance of each class is built the full way and checked once for decorators (a
class that uses them is refused), later ones skip the gathering. LibCST finds a hook by
its name (`visit_Call`, `leave_Call_args`) on every visit of every node and every field,
and calls its no-op stub where the class has none; each class here looks each one up
once, and calls nothing for a stub; so do the audit rules, read-only `PlainVisitor`s.

`PlainDispatch` goes after the LibCST class it speeds up in the bases
(`class AddImports(AddImportsVisitor, PlainDispatch)`): the method order then puts its
`__init__` between that class's and `ContextAwareTransformer`'s.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, cast

import libcst as cst
from libcst.codemod import Codemod, CodemodContext, ContextAwareTransformer

Hook = Callable[..., Any]
_UNKNOWN = object()


class _HookTable:
    """The dispatch a transformer and a visitor share: all but `on_leave`, whose hooks
    differ in what they take and give."""

    # This class's hooks by (kind, node type, attribute): the function, or None where
    # there is none but LibCST's no-op stub (see `_hook`).
    _hooks: ClassVar[dict[tuple[str, type, str], Hook | None]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._hooks = {}

    @classmethod
    def _hook(cls, kind: str, node_type: type[cst.CSTNode], attribute: str) -> Hook | None:
        """The method LibCST would call for `kind` ("visit" or "leave") of a node of
        `node_type` (of its `attribute`, if any): looked up by name once per class."""
        key = (kind, node_type, attribute)
        hook = cls._hooks.get(key, _UNKNOWN)
        if hook is _UNKNOWN:
            name = f"{kind}_{node_type.__name__}" + (f"_{attribute}" if attribute else "")
            found = getattr(cls, name, None)
            hook = cls._hooks[key] = None if getattr(found, "_is_no_op", False) else found
        return cast("Hook | None", hook)

    def on_visit(self, node: cst.CSTNode) -> bool:
        hook = self._hook("visit", type(node), "")
        return hook is None or hook(self, node) is not False

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        hook = self._hook("visit", type(node), attribute)
        if hook is not None:
            hook(self, node)

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        hook = self._hook("leave", type(original_node), attribute)
        if hook is not None:
            hook(self, original_node)


class PlainDispatch(_HookTable, ContextAwareTransformer):
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

    def on_leave(
        self, original_node: cst.CSTNodeT, updated_node: cst.CSTNodeT
    ) -> cst.CSTNodeT | cst.RemovalSentinel:
        hook = self._hook("leave", type(original_node), "")
        if hook is None:
            return updated_node
        return cast("cst.CSTNodeT | cst.RemovalSentinel", hook(self, original_node, updated_node))


class PlainVisitor(_HookTable, cst.CSTVisitor):
    """A read-only visitor that finds its hooks as `PlainDispatch` does."""

    def on_leave(self, original_node: cst.CSTNode) -> None:
        hook = self._hook("leave", type(original_node), "")
        if hook is not None:
            hook(self, original_node)
