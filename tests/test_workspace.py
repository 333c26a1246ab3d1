"""File discovery, decoding and faithful, atomic writes."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from codemods.workspace import (
    ChangedOnDiskError,
    FileError,
    SourceFile,
    UsageError,
    decode_source,
    discover,
    find_root,
    is_excluded,
    read_source,
    write_atomically,
)


def _touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n")


def _relpaths(paths: list[Path], root: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in paths]


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def test_walk_skips_default_excludes_and_non_python(tmp_path: Path) -> None:
    _touch(tmp_path, "app/main.py", "app/notes.txt", ".venv/lib/x.py", "venv/y.py")
    _touch(tmp_path, "node_modules/z.py", "build/b.py", "dist/d.py", "app/__pycache__/c.py")
    found = discover([tmp_path], tmp_path, ())
    assert _relpaths(found, tmp_path) == ["app/main.py"]


def test_git_repository_honours_gitignore(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    (tmp_path / ".gitignore").write_text("generated/\n")
    _touch(tmp_path, "app/tracked.py", "app/untracked.py", "generated/out.py")
    _git(tmp_path, "add", "app/tracked.py")
    found = discover([tmp_path], tmp_path, ())
    assert _relpaths(found, tmp_path) == ["app/tracked.py", "app/untracked.py"]


def test_git_listing_skips_deleted_tracked_files(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    _touch(tmp_path, "gone.py", "kept.py")
    _git(tmp_path, "add", ".")
    (tmp_path / "gone.py").unlink()
    assert _relpaths(discover([tmp_path], tmp_path, ()), tmp_path) == ["kept.py"]


def test_config_excludes_match_folders_and_names(tmp_path: Path) -> None:
    _touch(tmp_path, "alembic/versions/001.py", "alembic/env.py", "app/models_pb2.py", "app/a.py")
    found = discover([tmp_path], tmp_path, ("alembic/versions", "*_pb2.py"))
    assert _relpaths(found, tmp_path) == ["alembic/env.py", "app/a.py"]


def test_explicit_file_is_taken_even_when_excluded(tmp_path: Path) -> None:
    _touch(tmp_path, "scripts/one.py")
    found = discover([tmp_path / "scripts/one.py"], tmp_path, ("scripts",))
    assert _relpaths(found, tmp_path) == ["scripts/one.py"]


def test_named_folder_is_walked_even_when_excluded_but_not_its_excluded_children(
    tmp_path: Path,
) -> None:
    _touch(tmp_path, "examples/app/a.py", "examples/app/migrations/001.py", "examples/b.py")
    found = discover([tmp_path / "examples/app"], tmp_path, ("examples", "migrations"))
    assert _relpaths(found, tmp_path) == ["examples/app/a.py"]
    assert discover([tmp_path], tmp_path, ("examples",)) == []


@pytest.mark.parametrize(
    ("relpath", "pattern", "excluded"),
    [
        pytest.param("a/migrations/x.py", "migrations", True, id="bare name matches any folder"),
        pytest.param("a/migrations/x.py", "migrations/x.py", False, id="slash anchors at root"),
        pytest.param("migrations/x.py", "migrations/x.py", True, id="anchored match"),
        pytest.param("app/x_pb2.py", "*_pb2.py", True, id="glob on the file name"),
        pytest.param("app/x.py", "ap", False, id="no prefix match"),
    ],
)
def test_is_excluded(relpath: str, pattern: str, excluded: bool) -> None:
    assert is_excluded(relpath, [pattern]) is excluded


def test_symlinks_out_of_root_and_loops_are_not_followed(tmp_path: Path) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    _touch(outside, "secret.py")
    _touch(root, "app/real.py")
    (root / "app/linked_outside.py").symlink_to(outside / "secret.py")
    (root / "app/loop").symlink_to(root / "app")
    (root / "app/alias.py").symlink_to(root / "app/real.py")
    (root / "app/dangling.py").symlink_to(root / "missing.py")
    found = discover([root], root, ())
    assert _relpaths(found, root) == ["app/real.py"]


def test_paths_outside_the_root_or_missing_are_usage_errors(tmp_path: Path) -> None:
    (tmp_path / "root").mkdir()
    with pytest.raises(UsageError, match="outside the project root"):
        discover([tmp_path], tmp_path / "root", ())
    with pytest.raises(UsageError, match="no such file"):
        discover([tmp_path / "root/missing.py"], tmp_path / "root", ())


def test_find_root_prefers_nearest_marker(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("")
    _touch(tmp_path, "backend/app/x.py")
    assert find_root([tmp_path / "backend/app/x.py"]) == tmp_path


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        pytest.param(b"x = 1\n", "utf-8", id="plain utf-8"),
        pytest.param(b"\xef\xbb\xbfx = '\xc3\xa9'\n", "utf-8-sig", id="utf-8 with BOM"),
        pytest.param(b"# -*- coding: latin-1 -*-\nx = '\xe9'\n", "iso-8859-1", id="latin-1 cookie"),
        pytest.param(b"x = 1\r\ny = 2\r\n", "utf-8", id="CRLF"),
        pytest.param(b"", "utf-8", id="empty"),
    ],
)
def test_decode_then_encode_is_byte_identical(raw: bytes, encoding: str, tmp_path: Path) -> None:
    path = tmp_path / "f.py"
    path.write_bytes(raw)
    source = read_source(path, tmp_path)
    assert isinstance(source, SourceFile)
    assert source.encoding == encoding
    assert source.encode(source.text) == raw


@pytest.mark.parametrize(
    ("raw", "message", "line", "column"),
    [
        pytest.param(b"x = 1\nab\x00cd\n", "binary file", 2, 3, id="NUL byte"),
        pytest.param(b"x = 1\ny = '\xff'\n", "cannot decode as utf-8", 2, 6, id="bad utf-8"),
        pytest.param(b"# coding: klingon\n", "encoding", 1, 1, id="unknown cookie"),
    ],
)
def test_undecodable_input_is_an_error_with_position(
    raw: bytes, message: str, line: int, column: int
) -> None:
    error = decode_source("bad.py", raw)
    assert isinstance(error, FileError)
    assert message in error.message
    assert (error.line, error.column) == (line, column)
    assert error.render().startswith(f"bad.py:{line}:{column}: error: ")


def test_atomic_write_keeps_mode_and_leaves_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "script.py"
    path.write_bytes(b"x = 1\r\n")
    path.chmod(0o751)
    source = read_source(path, tmp_path)
    assert isinstance(source, SourceFile)
    write_atomically(source, source.encode("x = 2\r\n"))
    assert path.read_bytes() == b"x = 2\r\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o751
    assert os.listdir(tmp_path) == ["script.py"]


def test_write_refuses_a_file_changed_since_it_was_read(tmp_path: Path) -> None:
    path = tmp_path / "f.py"
    path.write_text("x = 1\n")
    source = read_source(path, tmp_path)
    assert isinstance(source, SourceFile)
    path.write_text("x = 'edited by someone else'\n")
    with pytest.raises(ChangedOnDiskError):
        write_atomically(source, b"x = 2\n")
    assert path.read_text() == "x = 'edited by someone else'\n"
    assert os.listdir(tmp_path) == ["f.py"]


def test_write_refuses_a_read_only_file(tmp_path: Path) -> None:
    path = tmp_path / "f.py"
    path.write_text("x = 1\n")
    path.chmod(0o444)
    source = read_source(path, tmp_path)
    assert isinstance(source, SourceFile)
    with pytest.raises(PermissionError):
        write_atomically(source, b"x = 2\n")
    assert path.read_text() == "x = 1\n"


def test_named_symlink_out_of_the_root_is_a_usage_error(tmp_path: Path) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    _touch(outside, "secret.py")
    root.mkdir()
    (root / "link.py").symlink_to(outside / "secret.py")
    with pytest.raises(UsageError, match="not a file inside the project root"):
        discover([root / "link.py"], root, ())


@pytest.mark.skipif(os.geteuid() != 0, reason="changing a file's owner needs root")
def test_atomic_write_keeps_the_owner(tmp_path: Path) -> None:
    path = tmp_path / "owned.py"
    path.write_text("x = 1\n")
    os.chown(path, 4321, 4321)
    source = read_source(path, tmp_path)
    assert isinstance(source, SourceFile)
    write_atomically(source, b"x = 2\n")
    assert (path.stat().st_uid, path.stat().st_gid) == (4321, 4321)
