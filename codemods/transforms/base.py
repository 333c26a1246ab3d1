"""The base every transform derives from: a LibCST codemod command with a name and counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import ClassVar

import libcst as cst
from libcst.codemod import Codemod, CodemodContext, VisitorBasedCodemodCommand
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor
from libcst.metadata import MetadataWrapper

from codemods.imports import IMPORT_VISITORS
from codemods.index import ProjectIndex
from codemods.plain_dispatch import PlainDispatch
from codemods.settings import Settings
from codemods.tracking import Tracking
from codemods.wrapping import wrapped


class Transform(Tracking, VisitorBasedCodemodCommand, PlainDispatch):
    """One rewrite. Its NAME is its module's file name, its identity in golden/ and docs."""

    NAME: ClassVar[str]
    DESCRIPTION: str
    # Audit rules that decide with this transform's own code what it fixes: when it leaves
    # nothing it could not fix (`left_unfixed`), they have nothing to report in its
    # output, and the engine does not run them on the migrated code.
    SETTLES: ClassVar[frozenset[str]] = frozenset()
    # Transforms it can share one traversal with, right after them (`fused.py`): it
    # decides on the tree before their changes as it would on the tree after them.
    FUSES_AFTER: ClassVar[frozenset[str]] = frozenset()

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls.NAME = cls.__module__.rsplit(".", 1)[-1]

    def __init__(
        self,
        context: CodemodContext,
        settings: Settings,
        index: ProjectIndex,
        relpath: str = "<string>",
    ) -> None:
        super().__init__(context)
        self.settings = settings
        self.index = index
        self.relpath = relpath  # the file's path below the project root
        # Query builders (see the index) a use in this file needs to stay as they are.
        self.disproved: set[str] = set()
        self.setup_tracking()
        self.rewrites = 0
        # Rewrites worth their own line in the summary, e.g. behaviour-changing options.
        self.details: Counter[str] = Counter()
        # The tree this transform read, with its metadata: the engine hands it to the next
        # transform when this one changed nothing, so the metadata is resolved once.
        self.wrapper: MetadataWrapper | None = None
        self.left_unfixed = 0

    @property
    def settled(self) -> frozenset[str]:
        """The rules its output leaves nothing to report (see `SETTLES`)."""
        return frozenset() if self.left_unfixed else self.SETTLES

    def read_ahead(self) -> None:
        """Called before it shares a traversal with the FUSES_AFTER transforms before it:
        from now on it reads the tree as those transforms will leave it."""

    def run_import_visitors(self, tree: cst.Module) -> cst.Module:
        """The import changes it asked for, as `VisitorBasedCodemodCommand.transform_module`
        makes them after its own walk: the additions, then the removals."""
        for visitor in (AddImportsVisitor, RemoveImportsVisitor):
            if visitor.CONTEXT_KEY in self.context.scratch:
                tree = self._instantiate_and_run(visitor, tree)
        return tree

    def _instantiate_and_run(self, transform: type[Codemod], tree: cst.Module) -> cst.Module:
        """LibCST's, running its import visitors without the matcher machinery."""
        return IMPORT_VISITORS.get(transform, transform)(self.context).transform_module(tree)

    @contextmanager
    def _handle_metadata_reference(self, module: cst.Module) -> Iterator[cst.Module]:
        """LibCST's, but reusing `self.wrapper` when it wraps `module` (metadata that is
        already resolved is not resolved again; scope analysis is most of the run time)."""
        if self.wrapper is None or self.wrapper.module is not module:
            self.wrapper = wrapped(module)
        wrapper, previous = self.wrapper, self.context.wrapper
        with self.resolve(wrapper):
            self.context = replace(self.context, wrapper=wrapper)
            try:
                yield wrapper.module
            finally:
                self.context = replace(self.context, wrapper=previous)

    def add_needed_import(
        self, module: str, obj: str | None = None, asname: str | None = None, relative: int = 0
    ) -> None:
        """LibCST's, minus imports of a name from the module being migrated itself."""
        if obj is not None and relative == 0 and module == self.context.full_module_name:
            return
        super().add_needed_import(module, obj, asname, relative)

    @classmethod
    def wanted(cls, source: str, settings: Settings, index: ProjectIndex) -> bool:
        """A cheap, conservative text check: False only when the transform cannot apply."""
        return True

    @classmethod
    def wanted_in(cls, relpath: str, index: ProjectIndex) -> bool:
        """A cheap check of the file's place in the project (the index knows, for one,
        which files hold functions the run converts): False only when it cannot apply."""
        return True

    @classmethod
    def applies(cls, source: str, relpath: str, settings: Settings, index: ProjectIndex) -> bool:
        """Whether the transform may change the file at `relpath`: `wanted` and `wanted_in`."""
        return cls.wanted(source, settings, index) and cls.wanted_in(relpath, index)
