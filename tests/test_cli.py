"""The command line end to end, through the installed `sqla-async` script."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from codemods.transforms import TRANSFORMS

SCRIPT = shutil.which("sqla-async", path=os.path.dirname(sys.executable)) or "sqla-async"

ASYNC_MODULE = """\
from sqlalchemy.ext.asyncio import AsyncSession


async def save(db: AsyncSession, user) -> None:
    db.add(user)
    db.commit()
"""
MIGRATED_MODULE = ASYNC_MODULE.replace("    db.commit()", "    await db.commit()")
SYNC_MODULE = """\
from sqlalchemy.orm import Session


def total(db: Session) -> int:
    return db.query(User).count()
"""


def sqla_async(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run([SCRIPT, *args], cwd=cwd, capture_output=True, env=env, check=False)


def _project(tmp_path: Path, files: dict[str, bytes]) -> Path:
    root = tmp_path / "project"
    root.mkdir(parents=True)
    (root / "pyproject.toml").write_text("[project]\nname = 'demo'\n")
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def _snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), stat.S_IMODE(p.stat().st_mode))
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_dry_run_prints_a_diff_and_writes_nothing(tmp_path: Path) -> None:
    root = _project(tmp_path, {"app/crud.py": ASYNC_MODULE.encode()})
    before = _snapshot(root)
    done = sqla_async("migrate", "app", cwd=root)
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().startswith("--- a/app/crud.py\n+++ b/app/crud.py\n")
    assert "+    await db.commit()\n" in done.stdout.decode()
    assert "1 file(s) scanned, 1 would change; rewrites: await_session_io 1" in done.stderr.decode()
    assert _snapshot(root) == before


def test_dry_run_diff_applies_as_a_patch_to_the_same_result_as_apply(tmp_path: Path) -> None:
    files = {
        "crlf.py": ASYNC_MODULE.replace("\n", "\r\n").encode(),
        "no_final_newline.py": ASYNC_MODULE.rstrip("\n").encode(),
        "plain.py": ASYNC_MODULE.encode(),
    }
    patched, applied = _project(tmp_path / "a", files), _project(tmp_path / "b", files)
    diff = sqla_async("migrate", ".", cwd=patched).stdout
    subprocess.run(["git", "apply", "-"], input=diff, cwd=patched, check=True)
    assert sqla_async("migrate", ".", "--apply", cwd=applied).returncode == 0
    assert _snapshot(patched) == _snapshot(applied)


def test_check_exits_one_until_applied(tmp_path: Path) -> None:
    root = _project(tmp_path, {"app/crud.py": ASYNC_MODULE.encode()})
    check = sqla_async("migrate", ".", "--check", cwd=root)
    assert check.returncode == 1
    assert check.stdout.decode() == "would migrate: app/crud.py\n"
    assert sqla_async("migrate", ".", "--apply", cwd=root).returncode == 0
    assert (root / "app/crud.py").read_text() == MIGRATED_MODULE
    assert sqla_async("migrate", ".", "--check", cwd=root).returncode == 0


def test_apply_and_check_together_is_a_usage_error(tmp_path: Path) -> None:
    root = _project(tmp_path, {"a.py": b"x = 1\n"})
    done = sqla_async("migrate", ".", "--apply", "--check", cwd=root)
    assert done.returncode == 2
    assert b"cannot be combined" in done.stderr


def test_unknown_option_and_missing_path_exit_two(tmp_path: Path) -> None:
    root = _project(tmp_path, {"a.py": b"x = 1\n"})
    assert sqla_async("migrate", ".", "--frobnicate", cwd=root).returncode == 2
    assert sqla_async("migrate", "nowhere", cwd=root).returncode == 2


def test_bad_config_is_reported_with_exit_two(tmp_path: Path) -> None:
    root = _project(tmp_path, {"a.py": b"x = 1\n"})
    (root / "pyproject.toml").write_text("[tool.sqla-async]\nsesion-names = ['db']\n")
    done = sqla_async("migrate", ".", cwd=root)
    assert done.returncode == 2
    assert b"unknown key(s) in [tool.sqla-async]: sesion-names" in done.stderr


LATIN1_MODULE = ("# -*- coding: latin-1 -*-\n# Gérant des données\n" + ASYNC_MODULE).encode(
    "latin-1"
)
BAD_INPUTS = {
    "broken.py": b"def broken(:\n    pass\n",
    "binary.py": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "undecodable.py": b"x = '\xff\xfe'\n",
}
GOOD_INPUTS = {
    "latin1.py": LATIN1_MODULE,
    "crlf.py": ASYNC_MODULE.replace("\n", "\r\n").encode(),
    "bom.py": b"\xef\xbb\xbf" + ASYNC_MODULE.encode(),
    "empty.py": b"",
    "untouched.py": b"import os\n",
}
EXPECTED_GOOD = {
    "latin1.py": ("# -*- coding: latin-1 -*-\n# Gérant des données\n" + MIGRATED_MODULE).encode(
        "latin-1"
    ),
    "crlf.py": MIGRATED_MODULE.replace("\n", "\r\n").encode(),
    "bom.py": b"\xef\xbb\xbf" + MIGRATED_MODULE.encode(),
    "empty.py": b"",
    "untouched.py": b"import os\n",
}


def test_apply_on_a_tree_with_bad_files(tmp_path: Path) -> None:
    root = _project(tmp_path, {**BAD_INPUTS, **GOOD_INPUTS})
    (root / "crlf.py").chmod(0o755)
    done = sqla_async("migrate", ".", "--apply", cwd=root)
    assert done.returncode == 2
    errors = done.stderr.decode()
    assert "broken.py:1:12: error: invalid syntax" in errors
    assert "binary.py:3:1: error: binary file (contains NUL bytes); left untouched" in errors
    assert "undecodable.py:1:6: error: cannot decode as utf-8: invalid start byte" in errors
    assert "8 file(s) scanned, 3 migrated, 3 failed" in errors
    after = _snapshot(root)
    for name, data in BAD_INPUTS.items():
        assert after[name][0] == data, name
    for name, data in EXPECTED_GOOD.items():
        assert after[name][0] == data, name
    assert stat.S_IMODE((root / "crlf.py").stat().st_mode) == 0o755

    again = sqla_async("migrate", ".", "--apply", cwd=root)
    assert again.returncode == 2
    assert "0 migrated, 3 failed" in again.stderr.decode()
    assert _snapshot(root) == after


def test_targeted_file_only_rewrites_that_file(tmp_path: Path) -> None:
    root = _project(tmp_path, {"a.py": ASYNC_MODULE.encode(), "b.py": ASYNC_MODULE.encode()})
    assert sqla_async("migrate", "a.py", "--apply", cwd=root).returncode == 0
    assert (root / "a.py").read_text() == MIGRATED_MODULE
    assert (root / "b.py").read_text() == ASYNC_MODULE


def test_exclude_from_config_and_flag(tmp_path: Path) -> None:
    root = _project(tmp_path, {"keep/a.py": ASYNC_MODULE.encode(), "skip/b.py": b"", "c.py": b""})
    (root / "pyproject.toml").write_text('[tool.sqla-async]\nexclude = ["skip"]\n')
    done = sqla_async("migrate", ".", "--check", "--exclude", "c.py", cwd=root)
    assert "1 file(s) scanned, 1 would change" in done.stderr.decode()


def test_audit_formats_agree(tmp_path: Path) -> None:
    root = _project(tmp_path, {"app/a.py": ASYNC_MODULE.encode(), "app/s.py": SYNC_MODULE.encode()})
    outputs = {
        fmt: sqla_async("audit", ".", "--format", fmt, cwd=root)
        for fmt in ("text", "json", "markdown", "sarif")
    }
    assert {fmt: done.returncode for fmt, done in outputs.items()} == dict.fromkeys(outputs, 1)
    text = outputs["text"].stdout.decode()
    assert text.splitlines()[:3] == [
        "app/a.py:6:5: SQA004 `db.commit()` is a coroutine and is not awaited",
        "app/s.py:4:15: SQA002 sync session parameter `db`: use `AsyncSession` instead of"
        " `Session`",
        "app/s.py:5:12: SQA001 legacy `db.query()`: use `select()` with `await db.execute()`",
    ]
    document = json.loads(outputs["json"].stdout)
    assert document["version"] == 1
    assert [(f["rule"], f["path"], f["line"], f["column"]) for f in document["findings"]] == [
        ("SQA004", "app/a.py", 6, 5),
        ("SQA002", "app/s.py", 4, 15),
        ("SQA001", "app/s.py", 5, 12),
    ]
    assert document["findings"][0]["name"] == "missing-await"
    assert document["summary"]["open"] == 3
    # `total` does session I/O, so the plan makes it a coroutine: all fixable
    assert document["summary"]["fixable"] == 3
    sarif = json.loads(outputs["sarif"].stdout)
    results = sarif["runs"][0]["results"]
    locations = [r["locations"][0]["physicalLocation"] for r in results]
    assert [
        (r["ruleId"], loc["artifactLocation"]["uri"], loc["region"]["startLine"])
        for r, loc in zip(results, locations, strict=True)
    ] == [
        ("SQA004", "app/a.py", 6),
        ("SQA002", "app/s.py", 4),
        ("SQA001", "app/s.py", 5),
    ]
    markdown = outputs["markdown"].stdout.decode()
    assert "`app/a.py:6:5`" in markdown
    assert "`app/s.py:4:15` SQA002" in markdown
    assert "`app/s.py:5:12` SQA001" in markdown


def test_audit_exits_zero_when_clean_and_writes_output_file(tmp_path: Path) -> None:
    root = _project(tmp_path, {"app/a.py": MIGRATED_MODULE.encode()})
    done = sqla_async("audit", ".", "--format", "json", "--output", "report.json", cwd=root)
    assert done.returncode == 0
    assert json.loads((root / "report.json").read_text())["findings"] == []


def test_rules_lists_every_transform_in_order() -> None:
    done = subprocess.run([SCRIPT, "rules"], capture_output=True, text=True, check=True)
    lines = done.stdout.splitlines()
    assert [line.split()[0] for line in lines[1 : 1 + len(TRANSFORMS)]] == [
        t.NAME for t in TRANSFORMS
    ]
    assert any(line.split()[:3] == ["SQA004", "missing-await", "checked"] for line in lines)


def test_python_dash_m_runs_the_same_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "codemods", "--version"], capture_output=True, text=True, check=True
    )
    assert done.stdout.startswith("sqla-async ")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_many_files_in_a_pool_give_the_same_output(tmp_path: Path, jobs: str) -> None:
    files = {f"pkg/m{i:02}.py": ASYNC_MODULE.encode() for i in range(24)}
    files["pkg/broken.py"] = b"def (\n"
    root = _project(tmp_path, files)
    done = sqla_async("migrate", ".", "--jobs", jobs, cwd=root)
    assert done.returncode == 2
    headers = [line for line in done.stdout.decode().splitlines() if line.startswith("--- ")]
    assert headers == [f"--- a/pkg/m{i:02}.py" for i in range(24)]
    assert "25 file(s) scanned, 24 would change, 1 failed" in done.stderr.decode()


def test_color_diff_and_quiet(tmp_path: Path) -> None:
    root = _project(tmp_path, {"a.py": ASYNC_MODULE.encode()})
    colored = sqla_async("migrate", ".", "--color", cwd=root).stdout.decode()
    assert "\x1b[32m+    await db.commit()\x1b[0m" in colored
    assert "\x1b[31m-    db.commit()\x1b[0m" in colored
    plain = sqla_async("migrate", ".", "--no-color", cwd=root).stdout.decode()
    assert "\x1b[" not in plain
    quiet = sqla_async("migrate", ".", "--apply", "--quiet", cwd=root)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, b"", b"")


def test_progress_bar_only_on_a_terminal_for_larger_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    from codemods import cli

    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    with cli._progress(enabled=True) as factory:
        assert factory is None
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    with cli._progress(enabled=True) as factory:
        assert callable(factory)
        assert factory(cli.PROGRESS_THRESHOLD) is None
        advance = factory(cli.PROGRESS_THRESHOLD + 1)
        assert callable(advance)
        advance(1)
    with cli._progress(enabled=False) as factory:
        assert factory is None


def test_session_name_and_first_style_flags(tmp_path: Path) -> None:
    module = "def load(conn, user_id):\n    return conn.query(User).get(user_id)\n"
    root = _project(tmp_path, {"a.py": module.encode()})
    assert sqla_async("migrate", ".", "--check", cwd=root).returncode == 0
    named = sqla_async("migrate", ".", "--check", "--session-name", "conn", cwd=root)
    assert named.returncode == 1
    bad = sqla_async("migrate", ".", "--first-style", "fastest", cwd=root)
    assert bad.returncode == 2
    assert b"`first-style` must be one of safe, one-or-none" in bad.stderr


def test_async_target_reports_what_stays_sync(tmp_path: Path) -> None:
    crud = "def get(db, i):\n    return db.query(User).filter(User.id == i).first()\n"
    jobs = (
        "import threading\nfrom app.crud import get\n\n"
        "def run(db):\n    return get(db, 1)\n\n"
        "def start(db):\n    threading.Thread(target=run, args=(db,)).start()\n"
    )
    files = {"app/__init__.py": b"", "app/crud.py": crud.encode(), "app/jobs.py": jobs.encode()}
    root = _project(tmp_path, files)
    done = sqla_async("migrate", ".", "--target", "async", cwd=root)
    assert done.returncode == 0, done.stderr
    errors = done.stderr.decode()
    assert "kept sync: app.jobs.run: used as a plain callback in `app.jobs.start`" in errors
    assert "kept sync: app.crud.get: shares sessions with `app.jobs.run`" in errors
    assert "async def" not in done.stdout.decode()


def test_async_target_reports_its_deepest_chain_and_awaits_left_to_other_files(
    tmp_path: Path,
) -> None:
    crud = "def get(db, i):\n    return db.query(User).filter(User.id == i).first()\n"
    service = "from app.crud import get\n\ndef name_of(db, i):\n    return get(db, i).name\n"
    routes = (
        "from app.service import name_of\n\n"
        "def show(db, i):\n    return {'name': name_of(db, i)}\n\n"
        "def shout(db, i):\n    return name_of(db, i).upper()\n"
    )
    files = {
        "app/__init__.py": b"",
        "app/crud.py": crud.encode(),
        "app/service.py": service.encode(),
        "app/routes.py": routes.encode(),
    }
    root = _project(tmp_path, files)
    whole = sqla_async("migrate", ".", "--target", "async", cwd=root).stderr.decode()
    assert "async: 4 function(s) become coroutines; deepest chain 2 call(s) deep: " in whole
    assert "app.routes.shout -> app.service.name_of -> app.crud.get" in whole
    assert "not migrated in this run" not in whole
    targeted = sqla_async("migrate", "app/service.py", "--target", "async", cwd=root)
    errors = targeted.stderr.decode()
    assert "async: 1 function(s) become coroutines" in errors
    assert (
        "not migrated in this run: app/routes.py:4:21: now needs `await app.service.name_of(...)`"
        in errors
    )
    assert "app/routes.py:7:12: now needs `await app.service.name_of(...)`" in errors
    assert "app/crud.py:1:1: `app.crud.get` must become `async def` (awaited now)" in errors
    assert "app/crud.py" not in targeted.stdout.decode()
