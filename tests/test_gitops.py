"""The --branch flow on real git repositories: the checkout is never touched, the branch
holds one commit with the migration, refusals and failures leave nothing behind."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from codemods import gitops
from codemods.gitops import BranchOutcome, BranchRefused, GitFailed, migrate_in_branch

GIT = shutil.which("git") or "git"  # found before any test hides it
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

BASE_FILES = {
    "app/__init__.py": "",
    "app/a.py": "def a():\n    return 1\n",
    "app/b.py": "def b():\n    return 2\n",
    "app/c.py": "def c():\n    return 3\n",
    "README.md": "# demo\n",
}
MIGRATED = b"# migrated\n"


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run([GIT, *args], cwd=cwd, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def write(root: Path, relpath: str, text: str) -> None:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@dataclass
class FakeFinding:
    rule: str
    allowed: bool = False


@dataclass
class FakeReport:
    changed: list[str]
    counts: Mapping[str, int]
    findings: list[FakeFinding]
    errors: list[str]


@dataclass
class AppendComment:
    """Stands in for the migration: appends a comment to `relpaths`, reports them changed."""

    relpaths: Sequence[str] = ("app/a.py", "app/b.py")
    errors: Sequence[str] = ()
    calls: list[tuple[Path, list[Path]]] = field(default_factory=list)
    seen: dict[str, bytes] = field(default_factory=dict)  # the files as migrate found them

    def __call__(self, root: Path, paths: list[Path]) -> FakeReport:
        self.calls.append((root, paths))
        for path in sorted(root.rglob("*")):
            if path.is_file() and ".git" not in path.relative_to(root).parts:
                self.seen[path.relative_to(root).as_posix()] = path.read_bytes()
        for relpath in self.relpaths:
            with (root / relpath).open("ab") as file:
                file.write(MIGRATED)
        findings = [FakeFinding("SQA001"), FakeFinding("SQA001"), FakeFinding("SQA003", True)]
        counts = {"query_to_select": 3, "await_session_io": 2, "unused": 0}
        return FakeReport(list(self.relpaths), counts, findings, list(self.errors))


@pytest.fixture(autouse=True)
def isolated_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No global or system git config; an identity from the environment; a temp folder
    the test can check is left empty."""
    (tmp_path / "gitconfig").write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Dev")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "dev@example.com")
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    return temp


def make_repo(path: Path, files: Mapping[str, str]) -> Path:
    path.mkdir()
    git(path, "init", "-q", "-b", "main")
    for relpath, text in files.items():
        write(path, relpath, text)
    git(path, "add", ".")
    git(path, "commit", "-q", "-m", "base")
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Committed Python files, then work in progress: an edit, a staged change, untracked
    files (one in an untracked folder), a stash entry, and a file touched but unchanged
    (`git status` refreshes the index file for it unless told not to)."""
    repo = make_repo(tmp_path / "repo", BASE_FILES)
    write(repo, "app/b.py", "def b():\n    return 'stashed'\n")
    git(repo, "stash", "-q")
    write(repo, "app/a.py", "def a():\n    return 'editing'\n")
    write(repo, "app/c.py", "def c():\n    return 'staged'\n")
    git(repo, "add", "app/c.py")
    write(repo, "app/new.py", "x = 1\n")
    write(repo, "app/extra/d.py", "y = 2\n")
    write(repo, "notes.txt", "not python\n")
    os.utime(repo / "app" / "__init__.py", (1_000_000_000, 1_000_000_000))
    return repo


def snapshot(repo: Path) -> dict[str, object]:
    files = {
        path.relative_to(repo).as_posix(): path.read_bytes()
        for path in sorted(repo.rglob("*"))
        if path.is_file() and ".git" not in path.relative_to(repo).parts
    }
    status = ("--no-optional-locks", "status", "--porcelain=v1", "-z", "--untracked-files=all")
    return {
        "branch": git(repo, "symbolic-ref", "HEAD"),
        "head": git(repo, "rev-parse", "HEAD"),
        "status": git(repo, *status),
        "stash": git(repo, "stash", "list", "--format=%H %s"),
        "index": (repo / ".git" / "index").read_bytes(),
        "config": (repo / ".git" / "config").read_bytes(),
        "files": files,
    }


def refs(repo: Path) -> set[str]:
    return set(git(repo, "for-each-ref", "--format=%(refname) %(objectname)").splitlines())


def assert_nothing_left(repo: Path, temp: Path) -> None:
    worktrees = git(repo, "worktree", "list", "--porcelain").splitlines()
    assert [line for line in worktrees if line.startswith("worktree ")] == [f"worktree {repo}"]
    assert not any((repo / ".git" / "worktrees").glob("*"))
    assert list(temp.iterdir()) == []


def run_flow(
    repo: Path,
    migrate: gitops.Migrate,
    branch: str = "async-sqla",
    base: str = "HEAD",
    message: str | None = None,
) -> BranchOutcome:
    """The flow as `sqla-async migrate app --branch ...` runs it from the repository."""
    return migrate_in_branch(
        root=repo, paths=[repo / "app"], branch=branch, base=base, message=message, migrate=migrate
    )


@dataclass
class Migrated:
    repo: Path
    before: dict[str, object]
    refs_before: set[str]
    base: str
    fake: AppendComment
    outcome: BranchOutcome


@pytest.fixture
def migrated(repo: Path) -> Migrated:
    before, refs_before = snapshot(repo), refs(repo)
    base = git(repo, "rev-parse", "HEAD").strip()
    fake = AppendComment()
    outcome = run_flow(repo, fake)
    return Migrated(repo, before, refs_before, base, fake, outcome)


# The flow that works.


def test_checkout_is_byte_identical(migrated: Migrated) -> None:
    assert snapshot(migrated.repo) == migrated.before
    new = {f"refs/heads/async-sqla {migrated.outcome.commit}"}
    assert refs(migrated.repo) == migrated.refs_before | new


def test_branch_holds_one_commit_on_base_whose_diff_is_the_migration(migrated: Migrated) -> None:
    repo, base = migrated.repo, migrated.base
    assert migrated.outcome.commit == git(repo, "rev-parse", "async-sqla").strip()
    assert git(repo, "rev-list", f"{base}..async-sqla").split() == [migrated.outcome.commit]
    assert git(repo, "rev-parse", "async-sqla^").strip() == base
    assert git(repo, "diff", "--name-only", base, "async-sqla").split() == ["app/a.py", "app/b.py"]
    for relpath in ("app/a.py", "app/b.py"):
        committed = git(repo, "show", f"async-sqla:{relpath}").encode()
        assert committed == BASE_FILES[relpath].encode() + MIGRATED
    assert migrated.outcome.changed == ("app/a.py", "app/b.py")


def test_migration_runs_on_the_base_commit_not_the_work_in_progress(migrated: Migrated) -> None:
    (root, paths), *more = migrated.fake.calls
    assert more == []
    assert not root.is_relative_to(migrated.repo)
    assert paths == [root / "app"]
    assert migrated.fake.seen == {path: text.encode() for path, text in BASE_FILES.items()}


def test_branch_files_compile(migrated: Migrated) -> None:
    names = git(migrated.repo, "ls-tree", "-r", "--name-only", "async-sqla").split()
    python = [name for name in names if name.endswith(".py")]
    assert len(python) == 4
    for name in python:
        compile(git(migrated.repo, "show", f"async-sqla:{name}"), name, "exec")


def test_no_worktree_or_temporary_folder_is_left(migrated: Migrated, isolated_git: Path) -> None:
    assert_nothing_left(migrated.repo, isolated_git)


def test_warning_lists_the_uncommitted_python_files(migrated: Migrated) -> None:
    expected = ("app/a.py", "app/c.py", "app/extra/d.py", "app/new.py")
    assert migrated.outcome.warnings == expected
    assert migrated.outcome.describe()[0].startswith("warning: 4 Python file(s)")


def test_message_summarises_files_rewrites_and_re_audit(migrated: Migrated) -> None:
    assert migrated.outcome.message == (
        "sqla-async: migrate 2 file(s) to AsyncSession\n"
        "\n"
        "Files changed (2):\n"
        "  app/a.py\n"
        "  app/b.py\n"
        "\n"
        "Rewrites by transform:\n"
        "  await_session_io 2\n"
        "  query_to_select 3\n"
        "\n"
        "Re-audit:\n"
        "  SQA001 2\n"
        "  allowed 1\n"
    )
    assert git(migrated.repo, "log", "-1", "--format=%B", "async-sqla") == (
        migrated.outcome.message + "\n"
    )
    assert git(migrated.repo, "log", "-1", "--format=%an <%ae>", "async-sqla").strip() == (
        "Dev <dev@example.com>"
    )


def test_review_hint_compares_with_head(migrated: Migrated) -> None:
    assert migrated.outcome.review == "git diff HEAD...async-sqla"
    assert migrated.outcome.failed == 0
    assert "review it with: git diff HEAD...async-sqla" in migrated.outcome.describe()


def test_second_identical_call_refuses_and_changes_nothing(
    migrated: Migrated, isolated_git: Path
) -> None:
    before, refs_before, fake = snapshot(migrated.repo), refs(migrated.repo), AppendComment()
    with pytest.raises(BranchRefused, match="'async-sqla' already exists"):
        run_flow(migrated.repo, fake)
    assert fake.calls == []
    assert snapshot(migrated.repo) == before
    assert refs(migrated.repo) == refs_before
    assert_nothing_left(migrated.repo, isolated_git)


def test_root_in_a_subfolder_of_the_repository(tmp_path: Path, isolated_git: Path) -> None:
    files = {f"backend/{path}": text for path, text in BASE_FILES.items()}
    repo = make_repo(tmp_path / "repo", {**files, "backend/pyproject.toml": "", "top.py": ""})
    write(repo, "backend/app/a.py", "editing = True\n")
    write(repo, "scratch.py", "outside the PATHs\n")
    before, backend, fake = snapshot(repo), repo / "backend", AppendComment(["app/a.py"])
    outcome = migrate_in_branch(root=backend, paths=[backend / "app"], branch="b", migrate=fake)
    (root, paths), *_ = fake.calls
    assert (root.name, paths) == ("backend", [root / "app"])
    assert "pyproject.toml" in fake.seen
    assert outcome.changed == ("app/a.py",)
    assert outcome.warnings == ("app/a.py",)
    assert git(repo, "diff", "--name-only", "HEAD", "b").split() == ["backend/app/a.py"]
    assert "Files changed (1):\n  app/a.py\n" in outcome.message
    assert snapshot(repo) == before
    assert_nothing_left(repo, isolated_git)


@pytest.mark.parametrize(
    "fake",
    [
        pytest.param(AppendComment([]), id="nothing reported changed"),
        pytest.param(AppendComment([], errors=["app/a.py"]), id="the only file failed"),
    ],
)
def test_nothing_changed_makes_no_branch(
    repo: Path, isolated_git: Path, fake: AppendComment
) -> None:
    before, refs_before = snapshot(repo), refs(repo)
    outcome = run_flow(repo, fake)
    assert (outcome.created, outcome.commit, outcome.review, outcome.changed) == (
        False,
        None,
        None,
        (),
    )
    assert outcome.failed == len(fake.errors)
    assert "no branch created" in outcome.describe()[1]
    assert refs(repo) == refs_before
    assert snapshot(repo) == before
    assert_nothing_left(repo, isolated_git)


def test_a_file_reported_changed_with_the_same_bytes_makes_no_branch(
    repo: Path, isolated_git: Path
) -> None:
    def claims_a_change(root: Path, paths: list[Path]) -> FakeReport:
        return FakeReport(["app/a.py"], {"query_to_select": 1}, [], [])

    outcome = run_flow(repo, claims_a_change)
    assert not outcome.created
    assert "refs/heads/async-sqla" not in git(repo, "for-each-ref")
    assert_nothing_left(repo, isolated_git)


def test_failed_files_still_commit_the_rest_and_are_counted(repo: Path) -> None:
    outcome = run_flow(repo, AppendComment(errors=["app/c.py"]))
    assert outcome.created
    assert outcome.failed == 1
    assert "Not migrated: 1 file(s) could not be processed" in outcome.message
    assert "1 file(s) could not be migrated" in outcome.describe()


def test_a_given_message_is_the_subject_and_the_summary_follows(repo: Path) -> None:
    outcome = run_flow(repo, AppendComment(), message="  Move to AsyncSession\n")
    subject, blank, files, *_ = outcome.message.split("\n")
    assert (subject, blank, files) == ("Move to AsyncSession", "", "Files changed (2):")


def test_the_message_is_committed_verbatim(repo: Path) -> None:
    git(repo, "config", "commit.cleanup", "strip")  # would drop lines starting with '#'
    outcome = run_flow(repo, AppendComment(), message="#42 move to AsyncSession")
    assert outcome.message.startswith("#42 move to AsyncSession\n\nFiles changed (2):\n")
    assert git(repo, "log", "-1", "--format=%B", "async-sqla") == outcome.message + "\n"


def test_a_staged_rename_warns_about_both_names(repo: Path) -> None:
    git(repo, "mv", "app/b.py", "app/bee.py")
    outcome = run_flow(repo, AppendComment(["app/a.py"]))
    assert {"app/b.py", "app/bee.py"} <= set(outcome.warnings)


def test_only_the_files_reported_changed_are_committed(repo: Path) -> None:
    def also_writes_a_cache(root: Path, paths: list[Path]) -> FakeReport:
        (root / "app" / "c.py").write_text("not reported\n")
        (root / "app" / "cache.py").write_text("not reported either\n")
        return AppendComment(["app/a.py"])(root, paths)

    run_flow(repo, also_writes_a_cache)
    assert git(repo, "diff", "--name-only", "HEAD", "async-sqla").split() == ["app/a.py"]


def test_paths_with_glob_characters_are_literal(repo: Path) -> None:
    """`app/[ab].py` names that file only, not app/a.py (being edited) and app/b.py."""
    write(repo, "app/[ab].py", "z = 3\n")
    git(repo, "--literal-pathspecs", "add", "app/[ab].py")
    git(repo, "--literal-pathspecs", "commit", "-q", "-m", "brackets", "--", "app/[ab].py")
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == ["app/[ab].py"]

    def also_edits_unreported(root: Path, paths: list[Path]) -> FakeReport:
        (root / "app" / "a.py").write_text("not reported\n")
        return AppendComment(["app/[ab].py"])(root, paths)

    brackets = repo / "app" / "[ab].py"
    outcome = migrate_in_branch(
        root=repo, paths=[brackets], branch="b", migrate=also_edits_unreported
    )
    assert outcome.warnings == ()
    assert git(repo, "diff", "--name-only", "HEAD", "b").split() == ["app/[ab].py"]


def test_a_base_other_than_head(repo: Path) -> None:
    first = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "commit", "-q", "-m", "second")  # the staged app/c.py
    outcome = run_flow(repo, AppendComment(["app/c.py"]), base="HEAD~1")
    assert outcome.review == "git diff 'HEAD~1...async-sqla'"
    assert git(repo, "rev-parse", "async-sqla^").strip() == first
    assert git(repo, "show", "async-sqla:app/c.py") == BASE_FILES["app/c.py"] + "# migrated\n"


def test_no_identity_configured_uses_a_fallback_without_writing_config(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in ("NAME", "EMAIL"):
        for role in ("AUTHOR", "COMMITTER"):
            monkeypatch.delenv(f"GIT_{role}_{variable}")
    (tmp_path / "gitconfig").write_text("[user]\n\tuseConfigOnly = true\n")
    config = (repo / ".git" / "config").read_bytes()
    run_flow(repo, AppendComment())
    author = git(repo, "log", "-1", "--format=%an <%ae>|%cn <%ce>", "async-sqla").strip()
    assert author == "sqla-async <sqla-async@localhost>|sqla-async <sqla-async@localhost>"
    assert (repo / ".git" / "config").read_bytes() == config
    assert (tmp_path / "gitconfig").read_text() == "[user]\n\tuseConfigOnly = true\n"


def test_the_users_hooks_do_not_run(repo: Path, tmp_path: Path) -> None:
    marker = tmp_path / "hook-ran"
    for hook, status in (("pre-commit", 1), ("post-checkout", 0), ("commit-msg", 1)):
        path = repo / ".git" / "hooks" / hook
        path.write_text(f"#!/bin/sh\necho {hook} >> '{marker}'\nexit {status}\n")
        path.chmod(0o755)
    outcome = run_flow(repo, AppendComment())
    assert outcome.created
    assert not marker.exists()


def test_variables_git_exports_to_hooks_do_not_redirect_the_worktree(
    repo: Path, isolated_git: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As when run from a pre-commit hook: commands would use the user's index and repo.
    monkeypatch.setenv("GIT_INDEX_FILE", str(repo / ".git" / "index"))
    monkeypatch.setenv("GIT_DIR", str(repo / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(repo))
    before = snapshot(repo)
    outcome = run_flow(repo, AppendComment())
    for variable in ("GIT_INDEX_FILE", "GIT_DIR", "GIT_WORK_TREE"):
        monkeypatch.delenv(variable)
    assert git(repo, "rev-list", "--count", "HEAD..async-sqla").strip() == "1"
    assert outcome.changed == ("app/a.py", "app/b.py")
    assert snapshot(repo) == before
    assert_nothing_left(repo, isolated_git)


# Refusals: nothing created, nothing changed, migrate never called.


def assert_refused(
    repo: Path,
    temp: Path,
    match: str,
    *,
    branch: str = "b",
    base: str = "HEAD",
    paths: Sequence[Path] = (),
) -> None:
    before, refs_before, fake = snapshot(repo), refs(repo), AppendComment()
    paths = paths or [repo / "app"]
    with pytest.raises(BranchRefused, match=match):
        migrate_in_branch(root=repo, paths=paths, branch=branch, base=base, migrate=fake)
    assert fake.calls == []
    assert snapshot(repo) == before
    assert refs(repo) == refs_before
    assert_nothing_left(repo, temp)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("two..dots", id="two dots"),
        pytest.param("has space", id="a space"),
        pytest.param("-x", id="looks like an option"),
        pytest.param("HEAD", id="HEAD"),
        pytest.param("@{-1}", id="previous branch shorthand"),
        pytest.param("ends.lock", id="ends in .lock"),
        pytest.param("", id="empty"),
    ],
)
def test_refuses_an_invalid_branch_name(repo: Path, isolated_git: Path, name: str) -> None:
    git(repo, "checkout", "-q", "-b", "other")  # so that @{-1} names a branch
    git(repo, "checkout", "-q", "main")
    assert_refused(repo, isolated_git, "not a valid branch name", branch=name)


@pytest.mark.parametrize(
    ("existing", "name", "match"),
    [
        pytest.param("async-sqla", "async-sqla", "already exists", id="exists"),
        pytest.param("team", "team/async", "beside existing 'team'", id="a folder of it exists"),
        pytest.param("team/async/x", "team/async", "'team/async/x'", id="a branch inside it"),
    ],
)
def test_refuses_a_taken_branch_name(
    repo: Path, isolated_git: Path, existing: str, name: str, match: str
) -> None:
    git(repo, "branch", existing)
    assert_refused(repo, isolated_git, match, branch=name)


@pytest.mark.parametrize(
    "base",
    [
        pytest.param("no-such-revision", id="unknown"),
        pytest.param("HEAD~5", id="before the first commit"),
        pytest.param("HEAD:app/a.py", id="a blob"),
        pytest.param("--all", id="an option"),
    ],
)
def test_refuses_a_base_that_is_not_a_commit(repo: Path, isolated_git: Path, base: str) -> None:
    assert_refused(repo, isolated_git, "does not resolve to a commit", base=base)


def test_refuses_a_path_the_base_does_not_hold(repo: Path, isolated_git: Path) -> None:
    paths = [repo / "app" / "a.py", repo / "app" / "extra"]
    assert_refused(repo, isolated_git, r"app/extra is not in HEAD", paths=paths)


def test_refuses_a_path_outside_the_root(repo: Path, tmp_path: Path, isolated_git: Path) -> None:
    assert_refused(repo, isolated_git, "is not inside the project root", paths=[tmp_path])


def test_refuses_outside_a_git_repository(tmp_path: Path, isolated_git: Path) -> None:
    plain = tmp_path / "plain"
    write(plain, "app/a.py", "x = 1\n")
    fake = AppendComment()
    with pytest.raises(BranchRefused, match="not inside a git work tree"):
        migrate_in_branch(root=plain, paths=[plain / "app"], branch="b", migrate=fake)
    assert fake.calls == []
    assert sorted(p.name for p in plain.rglob("*")) == ["a.py", "app"]
    assert list(isolated_git.iterdir()) == []


def test_refuses_when_git_is_missing(
    repo: Path, tmp_path: Path, isolated_git: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "bin").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    assert_refused(repo, isolated_git, "git is not installed")


# Failures midway leave no branch, no worktree, no temporary folder.


class Boom(Exception):
    pass


@pytest.mark.parametrize("error", [Boom, KeyboardInterrupt], ids=["raises", "ctrl-c"])
def test_migrate_failing_leaves_nothing(
    repo: Path, isolated_git: Path, error: type[BaseException]
) -> None:
    def fails_midway(root: Path, paths: list[Path]) -> FakeReport:
        (root / "app" / "a.py").write_text("half written")
        raise error

    before, refs_before = snapshot(repo), refs(repo)
    with pytest.raises(error):
        run_flow(repo, fails_midway)
    assert refs(repo) == refs_before
    assert snapshot(repo) == before
    assert_nothing_left(repo, isolated_git)


def test_git_failing_midway_leaves_nothing(repo: Path, isolated_git: Path) -> None:
    def reports_a_missing_file(root: Path, paths: list[Path]) -> FakeReport:
        report = AppendComment()(root, paths)
        return FakeReport([*report.changed, "app/gone.py"], {}, [], [])

    before, refs_before = snapshot(repo), refs(repo)
    with pytest.raises(GitFailed, match=r"git --literal-pathspecs add .*did not match"):
        run_flow(repo, reports_a_missing_file)
    assert refs(repo) == refs_before
    assert snapshot(repo) == before
    assert_nothing_left(repo, isolated_git)


def test_ctrl_c_after_the_branch_was_made_deletes_it(
    repo: Path, isolated_git: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    remove = gitops._remove_worktree

    def interrupted(git: gitops.Git, root: Path, folder: Path) -> tuple[str, ...]:
        remove(git, root, folder)
        raise KeyboardInterrupt

    monkeypatch.setattr(gitops, "_remove_worktree", interrupted)
    refs_before = refs(repo)
    with pytest.raises(KeyboardInterrupt):
        run_flow(repo, AppendComment())
    assert refs(repo) == refs_before
    assert_nothing_left(repo, isolated_git)


def test_a_branch_someone_else_made_meanwhile_is_kept(repo: Path, isolated_git: Path) -> None:
    fake = AppendComment()

    def races(root: Path, paths: list[Path]) -> FakeReport:
        git(repo, "branch", "async-sqla")
        return fake(root, paths)

    with pytest.raises(GitFailed, match="already exists"):
        run_flow(repo, races)
    head = git(repo, "rev-parse", "HEAD").strip()
    assert git(repo, "rev-parse", "async-sqla").strip() == head
    assert_nothing_left(repo, isolated_git)


# The commit message alone.


def test_message_without_findings_or_rewrites() -> None:
    report = FakeReport(["a.py"], {"query_to_select": 0}, [FakeFinding("SQA007", True)], [])
    assert gitops.commit_message(None, ["a.py"], report).split("\n\n")[2:] == [
        "Rewrites by transform:\n  none",
        "Re-audit:\n  no open findings\n  allowed 1\n",
    ]


def test_git_is_looked_up_once_per_call(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    looked_up: list[str] = []

    def which(name: str) -> str | None:
        looked_up.append(name)
        return GIT

    monkeypatch.setattr(shutil, "which", which)
    run_flow(repo, AppendComment())
    assert looked_up == ["git"]


def test_refuses_a_root_that_is_not_a_folder(repo: Path, isolated_git: Path) -> None:
    missing = repo / "missing"
    with pytest.raises(BranchRefused, match="is not a folder"):
        migrate_in_branch(root=missing, paths=[missing], branch="b", migrate=AppendComment())
    assert list(isolated_git.iterdir()) == []
