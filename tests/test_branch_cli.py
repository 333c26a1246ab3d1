"""`migrate --branch` on the tutorial example committed into a fresh repository with an
edit in progress: one commit holding the migration on a new branch, the checkout untouched,
a hint to review it, and a second identical call refused. (The small app exercises the
whole flow; the crm example would only make each migration a minute longer.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "tutorial"
SCRIPT = str(Path(sys.executable).with_name("sqla-async"))
IDENTITY = {
    "GIT_AUTHOR_NAME": "Dev",
    "GIT_AUTHOR_EMAIL": "dev@example.com",
    "GIT_COMMITTER_NAME": "Dev",
    "GIT_COMMITTER_EMAIL": "dev@example.com",
}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **IDENTITY},
    )
    return done.stdout


def snapshot(repo: Path) -> dict[str, object]:
    files = {
        p.relative_to(repo).as_posix(): p.read_bytes()
        for p in sorted(repo.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(repo).parts
    }
    return {
        "head": git(repo, "rev-parse", "HEAD"),
        "branch": git(repo, "branch", "--show-current"),
        "status": git(repo, "status", "--porcelain"),
        "worktrees": git(repo, "worktree", "list", "--porcelain").count("worktree "),
        "files": files,
    }


def migrate(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SCRIPT, "migrate", ".", "--target", "async", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, **IDENTITY},
    )


def test_branch_holds_the_migration_and_the_checkout_is_untouched(tmp_path: Path) -> None:
    repo = tmp_path / "tutorial"
    shutil.copytree(EXAMPLE, repo, ignore=shutil.ignore_patterns("__pycache__", "*.db"))
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "tutorial")
    edited = repo / "sql_app" / "schemas.py"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# work in progress\n")
    (repo / "notes.py").write_text("TODO = 1\n")
    before = snapshot(repo)

    done = migrate(repo, "--branch", "async-sqla")
    assert done.returncode == 0, done.stderr
    assert "review it with: git diff HEAD...async-sqla" in done.stdout
    assert "sql_app/schemas.py" in done.stderr  # uncommitted: not part of the migration
    assert "notes.py" in done.stderr
    assert snapshot(repo) == before

    commits = git(repo, "rev-list", "main..async-sqla").split()
    assert len(commits) == 1
    changed = git(repo, "diff", "--name-only", "HEAD...async-sqla").split()
    assert "sql_app/main.py" in changed
    assert "sql_app/schemas.py" not in changed  # the edit in progress stays out

    # the branch's diff is the migration of the committed files: --apply on a clean copy
    applied = tmp_path / "applied"
    git(tmp_path, "clone", "-q", str(repo), str(applied))
    assert migrate(applied, "--apply").returncode == 0
    assert sorted(git(applied, "diff", "--name-only").split()) == sorted(changed)
    assert git(applied, "diff") == git(repo, "diff", "HEAD...async-sqla")
    # same diff, same files: what the branch holds compiles
    compileall = [sys.executable, "-m", "compileall", "-q", "sql_app", "tests"]
    compiled = subprocess.run(compileall, cwd=applied)
    assert compiled.returncode == 0
    message = git(repo, "log", "-1", "--format=%B", "async-sqla")
    assert message.startswith("sqla-async: migrate ")
    assert "make_async" in message

    again = migrate(repo, "--branch", "async-sqla")
    assert again.returncode == 2
    assert "already exists" in again.stderr
    assert snapshot(repo) == before
    assert git(repo, "rev-list", "main..async-sqla").split() == commits
