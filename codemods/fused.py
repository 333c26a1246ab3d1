"""Run consecutive transforms in one traversal, on one resolution of their metadata.

Each transform that changes a file leaves the next one a tree with no metadata, and
resolving it again (scope analysis with its expression contexts) costs more than the
transform's own walk. A transform can share the previous one's traversal when it decides
on the tree *before* that one's changes exactly as it would *after* them
(`Transform.FUSES_AFTER`): `await_session_io` reads a function `make_async` converts as
the coroutine it becomes (`Transform.read_ahead`).

In the shared walk every transform reads metadata from the original node, as LibCST
asks of transformers, and each `leave_*` gets the node as the transforms before it in
the group (and every transform below it) left it. A transform that declines a node's
children (`visit_*` returns False) sees nothing below it until it leaves that node, as
when it walks alone. Afterwards each one's import requests run in order, as
`VisitorBasedCodemodCommand.transform_module` runs them after its own walk.

One change of an earlier transform the later ones cannot foresee: an import it adds
binds a name at the top of the module, and where the code already reads that name
(`AsyncSession` imported from a project module, or never imported under
`from __future__ import annotations`), the later ones would resolve it differently
after the import. Then the shared walk is not used (`transform_together` gives None)
and the engine runs the transforms one after the other.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import ExitStack

import libcst as cst
from libcst.codemod.visitors import AddImportsVisitor, ImportItem
from libcst.metadata import MetadataWrapper

from codemods.transforms.base import Transform
from codemods.wrapping import wrapped


class SharedTraversal(cst.CSTTransformer):
    """Dispatches each step of one walk to every transform still walking there."""

    def __init__(self, parts: Sequence[Transform]) -> None:
        super().__init__()
        self.parts = parts
        # For each transform, the node whose children it declined, until it leaves it.
        self.declined: list[cst.CSTNode | None] = [None] * len(parts)

    def on_visit(self, node: cst.CSTNode) -> bool:
        descend = False
        for position, part in enumerate(self.parts):
            if self.declined[position] is not None:
                continue
            if part.on_visit(node):
                descend = True
            else:
                self.declined[position] = node
        return descend

    def on_leave(
        self, original_node: cst.CSTNodeT, updated_node: cst.CSTNodeT
    ) -> cst.CSTNodeT | cst.RemovalSentinel | cst.FlattenSentinel[cst.CSTNodeT]:
        result: cst.CSTNodeT | cst.RemovalSentinel | cst.FlattenSentinel[cst.CSTNodeT]
        result = updated_node
        for position, part in enumerate(self.parts):
            declined = self.declined[position]
            if declined is not None and declined is not original_node:
                continue
            self.declined[position] = None
            if not isinstance(result, cst.CSTNode):
                continue  # removed or flattened by an earlier transform: nothing to leave
            result = part.on_leave(original_node, result)
        return result

    # Called for every field of every node: no list is built per call.
    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        for part, declined in zip(self.parts, self.declined, strict=True):
            if declined is None:
                part.on_visit_attribute(node, attribute)

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        for part, declined in zip(self.parts, self.declined, strict=True):
            if declined is None:
                part.on_leave_attribute(original_node, attribute)


def transform_together(
    parts: Sequence[Transform], tree: cst.Module, code: str, wrapper: MetadataWrapper | None
) -> tuple[cst.Module, MetadataWrapper] | None:
    """`tree` (whose text is `code`) after `parts`, in one walk, and the wrapper of `tree`
    they read; None when an earlier part imports a name `code` spells (see above)."""
    if wrapper is None or wrapper.module is not tree:
        wrapper = wrapped(tree)
    with ExitStack() as stack:
        for part in parts:
            part.wrapper = wrapper
            stack.enter_context(part._handle_metadata_reference(wrapper.module))
        walked = wrapper.module.visit(SharedTraversal(parts))
    if any(_spelled(name, code) for part in parts[:-1] for name in _imported_names(part)):
        return None
    for part in parts:
        walked = part.run_import_visitors(walked)
    return walked, wrapper


def _imported_names(part: Transform) -> Iterator[str]:
    """The names the imports `part` asked for bind (`import a.b` binds `a`)."""
    for item in part.context.scratch.get(AddImportsVisitor.CONTEXT_KEY, ()):
        assert isinstance(item, ImportItem)
        yield item.alias or item.obj_name or item.module_name.split(".")[0]


def _spelled(name: str, code: str) -> bool:
    """Whether `code` may read `name`: spelled as a word, or not decidable by a regex."""
    return not name.isascii() or re.search(rf"(?<!\w){re.escape(name)}(?!\w)", code) is not None
