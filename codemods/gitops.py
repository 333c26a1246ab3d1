"""The `--branch` flow: migrate into a new git branch without touching the user's checkout.

`migrate_in_branch` runs the migration on a commit, never on the user's files:

1. Refuse before making anything: git missing, not a git work tree, a branch name that is
   invalid or taken, a base that is not a commit, a PATH the base does not hold.
2. List the Python files under the PATHs with uncommitted changes: the migration runs on
   the base commit, so the branch will not include those changes (the caller warns).
3. Check the base out into a temporary `git worktree` (a folder outside the repository
   with its own HEAD and index), run the migration there, stage exactly the files it
   changed and commit them on the worktree's detached HEAD.
4. Point the new branch at that commit, as the very last step.
5. Remove the worktree whatever happened (`git worktree remove --force`; the folder by hand
   and `git worktree prune` only if that fails); if the branch was made and the flow still
   failed or was interrupted, delete it again: the function returns, or leaves no branch.

Why a worktree: the user's branch, HEAD, index, working tree, untracked files and stash are
never written, so they stay byte-identical and the user can keep working meanwhile (no
checkout, no stash). Why the branch last: until then everything lives in the temporary
worktree, and a commit no branch points at is garbage git collects by itself.

Every git command runs without the user's hooks (the commit is the tool's output in a
throwaway worktree; hooks could reject or rewrite it, or act on the user's behalf), without
optional locks (`git status` would otherwise refresh the user's index file), and without
the variables git exports to hooks (GIT_DIR, GIT_INDEX_FILE, ...), which would aim the
worktree's commands at the user's repository and index.
"""

from __future__ import annotations

import os
import posixpath
import shlex
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

# Variables git sets for hooks and aliases that tie a command to one repository, work tree
# or index: inherited, they would point the worktree's commands at the user's.
REPOSITORY_VARIABLES = frozenset(
    {
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_COMMON_DIR",
        "GIT_PREFIX",
        "GIT_IMPLICIT_WORK_TREE",
    }
)
# Options before every subcommand: no hooks (a path where none can exist), no index refresh.
GIT_OPTIONS = ("-c", f"core.hooksPath={os.devnull}", "--no-optional-locks")
# Used only for the keys the repository has no value for, and only when git has no identity.
FALLBACK_IDENTITY = {"user.name": "sqla-async", "user.email": "sqla-async@localhost"}
SUBJECT = "sqla-async: migrate {count} file(s) to AsyncSession"
PYTHON_SUFFIX = ".py"


class BranchError(Exception):
    """The --branch flow stopped; the message says why (the CLI exits 2)."""


class BranchRefused(BranchError):
    """Refused before anything was created: nothing changed anywhere."""


class GitFailed(BranchError):
    """A git command failed midway; what the flow had made is removed again."""


class Finding(Protocol):
    @property
    def rule(self) -> str: ...
    @property
    def allowed(self) -> bool: ...


class MigrationReport(Protocol):
    """What the flow reads from the migration's result (the runner's RunReport fits)."""

    @property
    def changed(self) -> Sequence[str]: ...  # relpaths below the root given to migrate
    @property
    def counts(self) -> Mapping[str, int]: ...  # rewrites by transform
    @property
    def findings(self) -> Sequence[Finding]: ...  # the re-audit
    @property
    def errors(self) -> Sequence[object]: ...  # files that could not be migrated


# Called with the root and the PATHs mapped into the worktree; migrates the files there.
Migrate = Callable[[Path, list[Path]], MigrationReport]


@dataclass(frozen=True)
class BranchOutcome:
    branch: str
    base: str  # as given
    commit: str | None  # the branch's commit; None: nothing changed, so no branch
    changed: tuple[str, ...]  # relpaths below root, as committed
    message: str  # the commit message ("" without a commit)
    warnings: tuple[str, ...]  # Python files under the PATHs with uncommitted changes
    failed: int  # files the migration could not process (the others are committed)
    review: str | None  # the command that shows the branch's change
    leftovers: tuple[str, ...] = ()  # what cleaning up could not remove

    @property
    def created(self) -> bool:
        return self.commit is not None

    def describe(self) -> list[str]:
        """Lines for people: the warnings, what was made and how to review it."""
        lines = []
        if self.warnings:
            lines.append(
                f"warning: {len(self.warnings)} Python file(s) have uncommitted changes the"
                f" branch does not include (it starts from {self.base}): "
                + ", ".join(self.warnings)
            )
        if self.commit is None:
            lines.append(f"nothing to migrate at {self.base}: no branch created")
        else:
            lines.append(
                f"created branch {self.branch} ({self.commit[:12]}): one commit on"
                f" {self.base} migrating {len(self.changed)} file(s)"
            )
            lines.append(f"review it with: {self.review}")
        if self.failed:
            lines.append(f"{self.failed} file(s) could not be migrated")
        lines.extend(f"warning: {leftover}" for leftover in self.leftovers)
        return lines


@dataclass(frozen=True)
class Git:
    """One git executable, found once, run without hooks and repository variables."""

    executable: str

    @classmethod
    def locate(cls) -> Git:
        found = shutil.which("git")
        if found is None:
            raise BranchRefused("git is not installed (no `git` on PATH): --branch needs it")
        return cls(found)

    def run(self, cwd: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        # stdin is always a pipe, so git never waits for a terminal.
        return subprocess.run(
            [self.executable, *GIT_OPTIONS, *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="surrogateescape",
            env=_environment(),
            check=False,
        )

    def out(self, cwd: Path, *args: str, stdin: str = "") -> str:
        """stdout of a command that must succeed."""
        done = self.run(cwd, *args, stdin=stdin)
        if done.returncode != 0:
            raise GitFailed(_failure(args, done))
        return done.stdout

    def succeeds(self, cwd: Path, *args: str) -> bool:
        return self.run(cwd, *args).returncode == 0


def _environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in REPOSITORY_VARIABLES}


def _failure(args: Sequence[str], done: subprocess.CompletedProcess[str]) -> str:
    said = done.stderr.strip() or f"exit status {done.returncode}"
    return f"`git {shlex.join(args)}` failed: {said}"


@dataclass(frozen=True)
class _Plan:
    root: Path  # the user's
    prefix: str  # root below the repository's top level: "" or "backend/"
    relpaths: tuple[str, ...]  # the PATHs below root, posix ("." is root)
    branch: str
    base: str
    commit: str  # base's


@dataclass(frozen=True)
class _Commit:
    sha: str | None
    changed: tuple[str, ...]
    message: str
    failed: int


def migrate_in_branch(
    *,
    root: Path,
    paths: Sequence[Path],
    branch: str,
    migrate: Migrate,
    base: str = "HEAD",
    message: str | None = None,
) -> BranchOutcome:
    """Commit `migrate`'s changes to the tracked files of `base` onto a new branch.

    Raises BranchRefused before creating anything, GitFailed when git fails midway, and
    whatever `migrate` raises; in every case no branch and no worktree are left behind.
    """
    git = Git.locate()
    plan = _prepare(git, Path(root), [Path(path) for path in paths], branch, base)
    uncommitted = _uncommitted_python(git, plan)
    folder = Path(tempfile.mkdtemp(prefix="sqla-async-"))
    made: _Commit | None = None
    try:
        try:
            made = _migrate_and_commit(git, plan, folder, migrate, message)
            if made.sha is not None:
                git.out(plan.root, "branch", plan.branch, made.sha)
        finally:
            leftovers = _remove_worktree(git, plan.root, folder)
    except BaseException:
        if made is not None and made.sha is not None:
            _forget_branch(git, plan, made.sha)
        raise
    return _outcome(plan, made, uncommitted, leftovers)


def _outcome(
    plan: _Plan, made: _Commit, uncommitted: tuple[str, ...], leftovers: tuple[str, ...]
) -> BranchOutcome:
    return BranchOutcome(
        branch=plan.branch,
        base=plan.base,
        commit=made.sha,
        changed=made.changed,
        message=made.message,
        warnings=uncommitted,
        failed=made.failed,
        review=None if made.sha is None else review_command(plan.base, plan.branch),
        leftovers=leftovers,
    )


def review_command(base: str, branch: str) -> str:
    """`git diff HEAD...NAME`: the branch's change against where it started."""
    return f"git diff {shlex.quote(f'{base}...{branch}')}"


# Refusals: everything is checked before anything is made.


def _prepare(git: Git, root: Path, paths: list[Path], branch: str, base: str) -> _Plan:
    prefix = _work_tree_prefix(git, root)
    relpaths = tuple(_below(root, path) for path in paths) or (".",)
    _check_branch_name(git, root, branch)
    commit = _resolve_base(git, root, base)
    for relpath in relpaths:
        if not git.succeeds(root, "cat-file", "-e", f"{commit}:{_tree_path(prefix, relpath)}"):
            raise BranchRefused(
                f"{relpath} is not in {base}: the branch is made from committed files only"
            )
    return _Plan(root, prefix, relpaths, branch, base, commit)


def _work_tree_prefix(git: Git, root: Path) -> str:
    if not root.is_dir():
        raise BranchRefused(f"{root} is not a folder")
    done = git.run(root, "rev-parse", "--is-inside-work-tree", "--show-prefix")
    lines = done.stdout.splitlines()
    if done.returncode != 0 or lines[:1] != ["true"]:
        raise BranchRefused(f"{root} is not inside a git work tree: --branch needs a repository")
    return lines[1] if len(lines) > 1 else ""


def _below(root: Path, path: Path) -> str:
    for top, target in ((root, path), (root.resolve(), path.resolve())):
        if target.is_relative_to(top):
            return target.relative_to(top).as_posix()
    raise BranchRefused(f"{path} is not inside the project root {root}")


def _tree_path(prefix: str, relpath: str) -> str:
    """The path below the top level that `<commit>:<path>` names ("" is the top tree)."""
    joined = posixpath.normpath(posixpath.join(prefix, relpath))
    return "" if joined == "." else joined


def _check_branch_name(git: Git, root: Path, branch: str) -> None:
    # check-ref-format expands `@{-1}` and the like: only a name it keeps as is is plain.
    done = git.run(root, "check-ref-format", "--branch", branch)
    if done.returncode != 0 or done.stdout.strip() != branch:
        raise BranchRefused(f"{branch!r} is not a valid branch name")
    if git.succeeds(root, "show-ref", "--verify", "--quiet", f"refs/heads/{branch}"):
        raise BranchRefused(f"branch {branch!r} already exists: pick another name or delete it")
    clash = _clashing_branch(git, root, branch)
    if clash is not None:
        raise BranchRefused(f"branch {branch!r} cannot be created beside existing {clash!r}")


def _clashing_branch(git: Git, root: Path, branch: str) -> str | None:
    """A branch that is a folder of NAME (`a` for `a/b`) or inside it (`a/b/c`)."""
    parts = branch.split("/")
    for end in range(1, len(parts)):
        parent = "/".join(parts[:end])
        if git.succeeds(root, "show-ref", "--verify", "--quiet", f"refs/heads/{parent}"):
            return parent
    inside = git.out(root, "for-each-ref", "--format=%(refname:short)", f"refs/heads/{branch}/")
    return inside.split("\n")[0] or None


def _resolve_base(git: Git, root: Path, base: str) -> str:
    refused = BranchRefused(f"base {base!r} does not resolve to a commit")
    if base.startswith("-"):  # an option, not a revision
        raise refused
    done = git.run(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    if done.returncode != 0:
        raise refused
    return done.stdout.strip()


# The user's checkout, read only.


def _uncommitted_python(git: Git, plan: _Plan) -> tuple[str, ...]:
    """Python files under the PATHs that are modified, staged or untracked, below root."""
    status = git.out(
        plan.root,
        "--literal-pathspecs",
        "status",
        "--porcelain=v1",
        "-z",
        "--untracked-files=all",
        "--",
        *plan.relpaths,
    )
    found = {path for path in _status_paths(status) if path.endswith(PYTHON_SUFFIX)}
    return tuple(sorted(_from_top(path, plan.prefix) for path in found))


def _status_paths(porcelain: str) -> Iterator[str]:
    """Paths of `status --porcelain=v1 -z` (top-level relative), both sides of a rename."""
    fields = iter(porcelain.split("\0"))
    for entry in fields:
        if not entry:
            continue
        yield entry[3:]
        if "R" in entry[:2] or "C" in entry[:2]:
            yield next(fields, "")


def _from_top(path: str, prefix: str) -> str:
    return posixpath.relpath(path, prefix or ".")


# The temporary worktree.


def _migrate_and_commit(
    git: Git, plan: _Plan, folder: Path, migrate: Migrate, message: str | None
) -> _Commit:
    git.out(plan.root, "worktree", "add", "--detach", str(folder), plan.commit)
    root = folder / plan.prefix
    report = migrate(root, [root / relpath for relpath in plan.relpaths])
    changed = _stage(git, root, report.changed, plan.prefix)
    if not changed:
        return _Commit(None, (), "", len(report.errors))
    text = commit_message(message, changed, report)
    fallbacks = _identity_fallbacks(git, folder)
    git.out(folder, *fallbacks, "commit", "--quiet", "--cleanup=verbatim", "-F", "-", stdin=text)
    sha = git.out(folder, "rev-parse", "--verify", "HEAD").strip()
    return _Commit(sha, changed, text, len(report.errors))


def _stage(git: Git, root: Path, relpaths: Sequence[str], prefix: str) -> tuple[str, ...]:
    """Stage exactly the files migrate changed; what the index then differs in, below root."""
    if relpaths:
        # Through stdin: a large project's file list can outgrow a command line.
        pathspecs = "".join(f"{relpath}\0" for relpath in relpaths)
        add = ("--literal-pathspecs", "add", "--pathspec-from-file=-", "--pathspec-file-nul")
        git.out(root, *add, stdin=pathspecs)
    staged = git.out(root, "diff", "--cached", "--name-only", "--no-renames", "-z")
    return tuple(sorted(_from_top(path, prefix) for path in staged.split("\0") if path))


def _identity_fallbacks(git: Git, cwd: Path) -> list[str]:
    """`-c user.name=...` options, only when git cannot name an author and committer."""
    idents = ("GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT")
    if all(git.succeeds(cwd, "var", ident) for ident in idents):
        return []
    missing = [key for key in FALLBACK_IDENTITY if not git.succeeds(cwd, "config", "--get", key)]
    return [option for key in missing for option in ("-c", f"{key}={FALLBACK_IDENTITY[key]}")]


def _remove_worktree(git: Git, root: Path, folder: Path) -> tuple[str, ...]:
    """Remove the worktree and its folder; say what could not be removed."""
    removed = git.run(root, "worktree", "remove", "--force", str(folder))
    problems = []
    if removed.returncode != 0:
        # Prune only now: it forgets *every* worktree whose folder is missing, the
        # user's on an unmounted disk too, and `remove` already forgot ours.
        shutil.rmtree(folder, ignore_errors=True)
        pruned = git.run(root, "worktree", "prune")
        if pruned.returncode != 0:
            problems.append(_failure(("worktree", "prune"), pruned))
    if folder.exists():
        problems.append(f"could not remove the temporary worktree {folder}")
    return tuple(problems)


def _forget_branch(git: Git, plan: _Plan, sha: str) -> None:
    # Only while it still names our commit: never someone else's branch of the same name.
    git.run(plan.root, "update-ref", "-d", f"refs/heads/{plan.branch}", sha)


# The commit message.


def commit_message(subject: str | None, changed: Sequence[str], report: MigrationReport) -> str:
    """The subject (given, or generated) and what the migration did and left."""
    given = (subject or "").strip()
    sections = [
        given or SUBJECT.format(count=len(changed)),
        "\n".join([f"Files changed ({len(changed)}):", *(f"  {path}" for path in changed)]),
        _rewrites_section(report.counts),
        _audit_section(report.findings),
    ]
    if report.errors:
        sections.append(
            f"Not migrated: {len(report.errors)} file(s) could not be processed"
            " (see the sqla-async output); they are unchanged."
        )
    return "\n\n".join(sections) + "\n"


def _rewrites_section(counts: Mapping[str, int]) -> str:
    lines = [f"  {name} {count}" for name, count in sorted(counts.items()) if count]
    return "\n".join(["Rewrites by transform:", *(lines or ["  none"])])


def _audit_section(findings: Sequence[Finding]) -> str:
    open_by_rule = Counter(finding.rule for finding in findings if not finding.allowed)
    allowed = sum(1 for finding in findings if finding.allowed)
    lines = [f"  {rule} {count}" for rule, count in sorted(open_by_rule.items())]
    return "\n".join(["Re-audit:", *(lines or ["  no open findings"]), f"  allowed {allowed}"])
