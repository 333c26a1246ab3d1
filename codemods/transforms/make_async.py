"""Turn the functions the async plan converts into coroutines, their sessions into AsyncSession.

    def get_user(db: Session, user_id: int):
        ->  async def get_user(db: AsyncSession, user_id: int):
    def read(db: Session = Depends(get_db)):
        ->  async def read(db: AsyncSession = Depends(get_async_db)):
    SessionDep = Annotated[Session, Depends(get_db)]
        ->  SessionDep = Annotated[AsyncSession, Depends(get_async_db)]
    def helper(db=Depends(deps.get_db)):
        ->  async def helper(db=Depends(deps.get_async_db)):

Which functions, and which of their sessions, is decided project-wide by the index
(`async_plan.py`); this transform only writes it down. `Annotated[Session, ...]` is
rewritten in place; the awaits inside are `await_session_io`'s and `await_async_calls`'s.
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata import ScopeProvider

from codemods.index import ProjectIndex
from codemods.session_api import ANNOTATED_NAMES, DEPENDS_NAMES
from codemods.settings import Settings
from codemods.transforms.base import Transform

ASYNC_SESSION = ("sqlalchemy.ext.asyncio", "AsyncSession")
# A generator's return annotation -> the async generator's, in the same module.
ASYNC_ITERATORS = {
    f"{module}.{sync}": (module, f"Async{sync}")
    for module in ("typing", "collections.abc")
    for sync in ("Generator", "Iterator", "Iterable")
}


class _YieldFinder(cst.CSTVisitor):
    """Finds a `yield` of the function itself, not of a function or lambda inside it."""

    def __init__(self) -> None:
        self.found = False

    def visit_Yield(self, node: cst.Yield) -> bool:
        self.found = True
        return False

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        return False


def _is_generator(function: cst.FunctionDef) -> bool:
    finder = _YieldFinder()
    function.body.visit(finder)
    return finder.found


class MakeAsync(Transform):
    DESCRIPTION = "def -> async def where the project's async plan says; Session -> AsyncSession"
    METADATA_DEPENDENCIES = (ScopeProvider,)

    def setup_tracking(self) -> None:
        super().setup_tracking()
        self._plan = self.index.async_plan

    @classmethod
    def applies(cls, source: str, relpath: str, settings: Settings, index: ProjectIndex) -> bool:
        if index.async_plan.async_aliases and "Annotated" in source:
            return True
        return relpath in index.planned_files and "def " in source

    def leave_Assign(self, original_node: cst.Assign, updated_node: cst.Assign) -> cst.Assign:
        """`SessionDep = Annotated[Session, Depends(get_db)]`, when its users become async."""
        if len(original_node.targets) != 1 or not self._is_async_alias(
            original_node.targets[0].target
        ):
            return updated_node
        value = self._async_annotation(original_node.value, updated_node.value)
        if value is not updated_node.value:
            self.rewrites += 1
        return updated_node.with_changes(value=value)

    def leave_AnnAssign(
        self, original_node: cst.AnnAssign, updated_node: cst.AnnAssign
    ) -> cst.AnnAssign:
        """`SessionDep: TypeAlias = Annotated[...]`."""
        if original_node.value is None or updated_node.value is None:
            return updated_node
        if not self._is_async_alias(original_node.target):
            return updated_node
        value = self._async_annotation(original_node.value, updated_node.value)
        if value is not updated_node.value:
            self.rewrites += 1
        return updated_node.with_changes(value=value)

    def _is_async_alias(self, target: cst.BaseExpression) -> bool:
        return bool(self.qualified_names(target) & self._plan.async_aliases)

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        names = self.qualified_names(original_node.name)
        if names & self._plan.becomes_async and updated_node.asynchronous is None:
            updated_node = updated_node.with_changes(
                asynchronous=cst.Asynchronous(),
                returns=self._async_returns(original_node, updated_node),
            )
            self.rewrites += 1
        sessions = set().union(*(self._plan.async_sessions.get(n, ()) for n in names))
        if not sessions:
            return updated_node
        parameters = updated_node.params
        for field in ("posonly_params", "params", "kwonly_params"):
            updated = [
                self._async_parameter(original, new) if original.name.value in sessions else new
                for original, new in zip(
                    getattr(original_node.params, field), getattr(parameters, field), strict=True
                )
            ]
            parameters = parameters.with_changes(**{field: updated})
        return updated_node.with_changes(params=parameters)

    def _async_returns(
        self, original: cst.FunctionDef, updated: cst.FunctionDef
    ) -> cst.Annotation | None:
        """A generator's `-> Iterator[Session]` becomes `-> AsyncIterator[AsyncSession]`."""
        if original.returns is None or updated.returns is None or not _is_generator(original):
            return updated.returns
        before, after = original.returns.annotation, updated.returns.annotation
        written = before.value if isinstance(before, cst.Subscript) else before
        kinds = [ASYNC_ITERATORS[n] for n in self.qualified_names(written) if n in ASYNC_ITERATORS]
        if not kinds:
            return updated.returns
        module, name = kinds[0]
        for old in self.qualified_names(written):
            self.remove_unused_import(*old.rsplit(".", 1))
        if isinstance(written, cst.Attribute):
            replacement: cst.BaseExpression = written.with_changes(attr=cst.Name(name))
        else:
            self.add_needed_import(module, name)
            replacement = cst.Name(name)
        if not (isinstance(before, cst.Subscript) and isinstance(after, cst.Subscript)):
            return updated.returns.with_changes(annotation=replacement)
        yielded = cst.ensure_type(before.slice[0].slice, cst.Index).value
        first = cst.ensure_type(after.slice[0].slice, cst.Index)
        elements = [
            after.slice[0].with_changes(
                slice=first.with_changes(value=self._async_annotation(yielded, first.value))
            ),
            *after.slice[1 : 2 if name == "AsyncGenerator" else 1],  # no return value
        ]
        elements[-1] = elements[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        subscript = after.with_changes(value=replacement, slice=elements)
        return updated.returns.with_changes(annotation=subscript)

    def _async_parameter(self, original: cst.Param, updated: cst.Param) -> cst.Param:
        if original.annotation is not None and updated.annotation is not None:
            annotation = self._async_annotation(
                original.annotation.annotation, updated.annotation.annotation
            )
            updated = updated.with_changes(
                annotation=updated.annotation.with_changes(annotation=annotation)
            )
        if original.default is not None and updated.default is not None:
            updated = updated.with_changes(
                default=self._async_default(original.default, updated.default)
            )
        return updated

    def _async_annotation(
        self, original: cst.BaseExpression, updated: cst.BaseExpression
    ) -> cst.BaseExpression:
        if isinstance(original, cst.Subscript) and isinstance(updated, cst.Subscript):
            if not self.qualified_names(original.value) & ANNOTATED_NAMES or not original.slice:
                return updated
            elements = list(updated.slice)
            first = cst.ensure_type(elements[0].slice, cst.Index)
            inner = self._async_annotation(
                cst.ensure_type(original.slice[0].slice, cst.Index).value, first.value
            )
            elements[0] = elements[0].with_changes(slice=first.with_changes(value=inner))
            for position in range(1, len(elements)):
                part = cst.ensure_type(elements[position].slice, cst.Index)
                source = cst.ensure_type(original.slice[position].slice, cst.Index)
                elements[position] = elements[position].with_changes(
                    slice=part.with_changes(value=self._async_default(source.value, part.value))
                )
            return updated.with_changes(slice=elements)
        sync = [
            n
            for n in self.qualified_names(original)
            if self.settings.session_kind_of_type(n) == "sync"
        ]
        if not sync:
            return updated
        self.add_needed_import(*ASYNC_SESSION)
        for name in sync:  # `Session` may now be unused; the visitor keeps it if not
            module, _, imported = name.rpartition(".")
            self.remove_unused_import(module, imported)
        return cst.Name(ASYNC_SESSION[1])

    def _async_default(
        self, original: cst.BaseExpression, updated: cst.BaseExpression
    ) -> cst.BaseExpression:
        """`Depends(get_db)` -> `Depends(get_async_db)`, imported as `get_db` was."""
        if not (isinstance(original, cst.Call) and isinstance(updated, cst.Call) and original.args):
            return updated
        if not self.qualified_names(original.func) & DEPENDS_NAMES:
            return updated
        provider = original.args[0].value
        replacement = self._async_provider(provider)
        if replacement is None:
            return updated
        first = updated.args[0].with_changes(value=replacement)
        return updated.with_changes(args=[first, *updated.args[1:]])

    def _async_provider(self, provider: cst.BaseExpression) -> cst.BaseExpression | None:
        pairs = dict(self.settings.dependencies)
        if isinstance(provider, cst.Attribute) and provider.attr.value in pairs:
            return provider.with_changes(attr=cst.Name(pairs[provider.attr.value]))
        if not isinstance(provider, cst.Name) or provider.value not in pairs:
            return None
        for name in self.qualified_names(provider):
            module, _, imported = name.rpartition(".")
            if module:
                self.add_needed_import(module, pairs[provider.value])
                self.remove_unused_import(module, imported)
        return cst.Name(pairs[provider.value])
