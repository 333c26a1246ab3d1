"""The engine: source text in; migrated text, rewrite counts and findings out.

Pure and total: it reads no file, writes nothing, and never raises on any input
(a syntax error, an unsupported construct or a crash inside a transform comes back as a
`SourceError`). The runner and the tests call exactly these functions.

Each file is parsed by LibCST at most once, and only when some transform or rule
could apply to it (their cheap `wanted()` text checks); the metadata each one needs is
resolved on that one tree.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass, field

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.metadata import MetadataWrapper

from codemods.audit.findings import Finding
from codemods.audit.rules import RULES, Rule
from codemods.formatting import BlackStyle, formatted
from codemods.fused import transform_together
from codemods.index import ProjectIndex
from codemods.results import AuditResult as AuditResult
from codemods.results import ErrorKind as ErrorKind
from codemods.results import MigrationResult as MigrationResult
from codemods.results import SourceError as SourceError
from codemods.settings import Settings
from codemods.transforms import TRANSFORMS, Transform
from codemods.wrapping import wrapped


def syntax_error(source: str, relpath: str) -> SourceError | None:
    """The first syntax error CPython's compiler reports for `source`, if any."""
    try:
        compile(source, relpath, "exec", dont_inherit=True)
    except SyntaxError as error:
        return SourceError("syntax", error.msg, error.lineno or 1, error.offset or 1)
    except ValueError as error:  # e.g. "source code string cannot contain null bytes"
        return SourceError("syntax", str(error))
    return None


def _ast_syntax_error(source: str, relpath: str) -> SourceError | None:
    """The parser's verdict (cheaper than compiling, and what LibCST would also reject)."""
    try:
        ast.parse(source, relpath)
    except SyntaxError as error:
        return SourceError("syntax", error.msg, error.lineno or 1, error.offset or 1)
    except (ValueError, RecursionError, MemoryError) as error:
        return SourceError("syntax", f"cannot parse: {error}")
    return None


def _parse(source: str, relpath: str, syntax_checked: bool) -> cst.Module | SourceError:
    if not syntax_checked and (error := _ast_syntax_error(source, relpath)) is not None:
        return error
    try:
        return cst.parse_module(source)
    except cst.ParserSyntaxError as error:
        message = f"LibCST cannot parse this file: {error.message}"
        return SourceError("unsupported", message, error.raw_line, error.raw_column + 1)
    except Exception as error:  # LibCST's native parser can fail in other ways
        return SourceError("unsupported", f"LibCST cannot parse this file: {error}")


def _context(index: ProjectIndex, relpath: str) -> CodemodContext:
    """A fresh context per transform: each one's import requests (`scratch`) are its own."""
    module = index.module_naming_of(relpath)
    return CodemodContext(
        filename=index.import_path_of(relpath),
        full_module_name=module.name,
        full_package_name=module.package,
    )


@dataclass
class _Applied:
    tree: cst.Module
    code: str
    # The wrapper (tree and resolved metadata) the last transform read, while every
    # transform so far left the code as it was: the next one reads the same.
    wrapper: MetadataWrapper | None
    counts: dict[str, int] = field(default_factory=dict)
    disproved: set[str] = field(default_factory=set)
    # Audit rules with nothing to report in `code`, as the transforms found that wrote it.
    settled: frozenset[str] = frozenset()

    def take(
        self, tree: cst.Module, wrapper: MetadataWrapper | None, settled: frozenset[str]
    ) -> None:
        """Move on to a transform's output; an unchanged output keeps the wrapper, and
        what earlier transforms found settled stays so."""
        code = tree.code
        self.settled = self.settled | settled if code == self.code else settled
        if code == self.code and wrapper is not None:
            self.keep(wrapper)
        else:
            self.tree, self.code, self.wrapper = tree, code, None

    def keep(self, wrapper: MetadataWrapper) -> None:
        """Stay on the tree as it is, with the metadata `wrapper` resolved for it."""
        self.tree, self.wrapper = wrapper.module, wrapper


def _traversals(transforms: Sequence[type[Transform]]) -> list[list[type[Transform]]]:
    """The transforms in order, those that can share a traversal together (`fused.py`)."""
    groups: list[list[type[Transform]]] = []
    for transform in transforms:
        if groups and {t.NAME for t in groups[-1]} <= transform.FUSES_AFTER:
            groups[-1].append(transform)
        else:
            groups.append([transform])
    return groups


def _transform(applied: _Applied, parts: Sequence[Transform]) -> bool:
    """Apply `parts` in one traversal; False (and nothing applied) when they cannot share
    it on this file."""
    if len(parts) == 1:
        output = parts[0].transform_module(applied.tree)
        applied.take(output, parts[0].wrapper, parts[0].settled)
        return True
    for part in parts[1:]:
        part.read_ahead()
    together = transform_together(parts, applied.tree, applied.code, applied.wrapper)
    if together is None:
        return False
    # what the last one settled holds: it read the tree as the others leave it
    applied.take(*together, parts[-1].settled)
    return True


def _apply_transforms(
    tree: cst.Module,
    source: str,
    transforms: Sequence[type[Transform]],
    settings: Settings,
    index: ProjectIndex,
    relpath: str,
) -> _Applied | SourceError:
    applied = _Applied(tree, source, wrapped(tree, fresh=True))  # LibCST round-trips: no codegen
    groups = _traversals(transforms)
    while groups:
        group = groups.pop(0)
        parts = [
            transform(_context(index, relpath), settings, index, relpath) for transform in group
        ]
        parts[0].wrapper = applied.wrapper
        try:
            if not _transform(applied, parts):
                if parts[0].wrapper is not None:
                    applied.keep(parts[0].wrapper)  # resolved for the tree, which is unchanged
                groups[:0] = [[transform] for transform in group]  # one after the other
                continue
        except Exception as error:
            names = " + ".join(transform.NAME for transform in group)
            message = f"internal error in {names}: {type(error).__name__}: {error}"
            return SourceError("internal", message)
        for part in parts:
            if part.rewrites:
                applied.counts[part.NAME] = part.rewrites
            for detail, count in part.details.items():
                applied.counts[f"{part.NAME} ({detail})"] = count
            applied.disproved |= part.disproved
    return applied


@dataclass(frozen=True)
class _Audited:
    findings: tuple[Finding, ...]
    disproved: frozenset[str]


def _run_rules(
    tree: cst.Module,
    rules: Sequence[type[Rule]],
    settings: Settings,
    index: ProjectIndex,
    relpath: str,
    wrapper: MetadataWrapper | None = None,
    rewritten: str | None = None,
) -> _Audited | SourceError:
    """`rewritten`: the text of `tree` when it is not the file the index read."""
    if not rules:
        return _Audited((), frozenset())
    if wrapper is None or wrapper.module is not tree:
        wrapper = wrapped(tree)
    findings: list[Finding] = []
    disproved: set[str] = set()
    for rule in rules:
        instance = rule(settings, index, relpath)
        instance.wrapper, instance.rewritten = wrapper, rewritten
        try:
            wrapper.visit(instance)
        except Exception as error:
            message = f"internal error in audit rule {rule.CODE}: {type(error).__name__}: {error}"
            return SourceError("internal", message)
        findings.extend(instance.findings)
        disproved |= instance.disproved
    return _Audited(tuple(sorted(findings, key=Finding.sort_key)), frozenset(disproved))


def _wanted_rules(
    source: str, relpath: str, settings: Settings, index: ProjectIndex, rules: Sequence[type[Rule]]
) -> list[type[Rule]]:
    return [rule for rule in rules if rule.applies(source, relpath, settings, index)]


def audit_source(
    source: str,
    settings: Settings,
    index: ProjectIndex,
    *,
    relpath: str = "<string>",
    rules: Sequence[type[Rule]] = RULES,
    syntax_checked: bool = False,
    rewritten: bool = False,
) -> AuditResult | SourceError:
    """Findings for `source` as it is; `rewritten` when it is not the file the index read
    (a migration's output)."""
    wanted = _wanted_rules(source, relpath, settings, index, rules)
    if not wanted:
        error = None if syntax_checked else _ast_syntax_error(source, relpath)
        return AuditResult() if error is None else error
    tree = _parse(source, relpath, syntax_checked)
    if isinstance(tree, SourceError):
        return tree
    wrapper = wrapped(tree, fresh=True)
    text = source if rewritten else None
    audited = _run_rules(tree, wanted, settings, index, relpath, wrapper, text)
    if isinstance(audited, SourceError):
        return audited
    return AuditResult(audited.findings, audited.disproved)


def _verified(code: str, source: str, relpath: str) -> SourceError | None:
    """Refuse output that does not compile, naming whose fault it is."""
    output_error = syntax_error(code, relpath)
    if output_error is None:
        return None
    input_error = syntax_error(source, relpath)
    if input_error is not None:
        return input_error  # the input never compiled (e.g. `return` outside a function)
    return SourceError(
        "internal",
        f"the migrated code would not compile ({output_error.message}, line "
        f"{output_error.line}); the file is left unchanged - please report this",
    )


def wanted_transforms(
    source: str,
    relpath: str,
    settings: Settings,
    index: ProjectIndex,
    transforms: Sequence[type[Transform]] = TRANSFORMS,
) -> list[type[Transform]]:
    """The transforms that may change the file; with none, migrating it is auditing it."""
    return [t for t in transforms if t.applies(source, relpath, settings, index)]


def migrate_source(
    source: str,
    settings: Settings,
    index: ProjectIndex,
    *,
    relpath: str = "<string>",
    transforms: Sequence[type[Transform]] = TRANSFORMS,
    rules: Sequence[type[Rule]] = RULES,
    syntax_checked: bool = False,
    style: BlackStyle | None = None,
) -> MigrationResult | SourceError:
    """Migrate `source`; its findings are the audit of the migrated code (what is left).
    With a black `style`, a file black kept formatted comes out formatted again."""
    wanted = wanted_transforms(source, relpath, settings, index, transforms)
    if not wanted:
        audit = audit_source(
            source, settings, index, relpath=relpath, rules=rules, syntax_checked=syntax_checked
        )
        if isinstance(audit, SourceError):
            return audit
        return MigrationResult(source, False, {}, audit.findings, audit.disproved)
    tree = _parse(source, relpath, syntax_checked)
    if isinstance(tree, SourceError):
        return tree
    applied = _apply_transforms(tree, source, wanted, settings, index, relpath)
    if isinstance(applied, SourceError):
        return applied
    tree, counts, code = applied.tree, applied.counts, applied.code
    if code != source and (error := _verified(code, source, relpath)) is not None:
        return error
    rules = [rule for rule in rules if rule.CODE not in applied.settled]
    if style is not None and code != source and (black := formatted(source, code, style)) != code:
        # the audit then reads the formatted code, whose positions the report gives
        audit = audit_source(black, settings, index, relpath=relpath, rules=rules, rewritten=True)
        if isinstance(audit, SourceError):
            return audit
        return MigrationResult(black, True, counts, audit.findings, frozenset(applied.disproved))
    # The audit of the migrated code says what is left; what it would disprove is moot.
    wanted_rules = _wanted_rules(code, relpath, settings, index, rules)
    text = code if code != source else None
    audited = _run_rules(tree, wanted_rules, settings, index, relpath, applied.wrapper, text)
    if isinstance(audited, SourceError):
        return audited
    findings = audited.findings
    return MigrationResult(code, code != source, counts, findings, frozenset(applied.disproved))
