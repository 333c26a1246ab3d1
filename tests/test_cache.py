"""The audit cache (`codemods/cache.py`): a hit prints what a fresh run prints, and a change
invalidates what it must, the whole run or the files whose audit it can change."""

from __future__ import annotations

import dataclasses
import enum
import json
import os
import shutil
import subprocess
import sys
import types
import typing
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest
from typer.testing import CliRunner

import codemods.runner
from codemods.cache import (
    CACHE_DIR,
    EMPTY_IN_AUDIT,
    STORED_FIELDS,
    AuditCache,
    IndexFingerprints,
    cached_audit,
    canonical,
)
from codemods.cli import app
from codemods.index import ProjectIndex
from codemods.run_report import RunReport
from codemods.settings import Settings

FILES = {
    "app/__init__.py": "",
    "app/database.py": """\
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

engine = create_engine("sqlite://")
SessionLocal = sessionmaker(bind=engine)


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()
""",
    "app/models.py": """\
from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    email = Column(String)
""",
    "app/crud.py": """\
from sqlalchemy.orm import Session

from app.models import User


def get_user(db: Session, email: str):
    return db.query(User).filter(User.email == email).first()


def greeting() -> str:
    return "hello"
""",
    "app/api.py": """\
from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from app import crud
from app.database import get_db

router = APIRouter()


@router.get("/users/{email}")
def read_user(email: str, db: Session = Depends(get_db)):
    return crud.get_user(db, email)
""",
}
# A query the rewrite leaves alone keeps its function sync: the run plans a second round.
REPLANNED = {
    **FILES,
    "app/reports.py": """\
from sqlalchemy.orm import Session

from app.models import User


def streamed(db: Session):
    return db.query(User).yield_per(10).all()


def title() -> str:
    return "report"
""",
}
FORMATS = ("text", "json", "markdown", "sarif")


def _project(tmp_path: Path, files: Mapping[str, str] = FILES) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    (root / "pyproject.toml").write_text("[project]\nname = 'demo'\n")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def _edit(root: Path, relpath: str, old: str, new: str) -> None:
    path = root / relpath
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def _audit(root: Path, *options: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["audit", str(root), *options], catch_exceptions=False)
    return result.exit_code, result.stdout


@pytest.fixture
def engine_calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times the runner had the engine audit each file (runs with < 16 files
    stay in-process)."""
    calls: Counter[str] = Counter()
    process = codemods.runner._process

    def counting(task: typing.Any) -> typing.Any:
        mode, relpath, _ = task
        if mode == "audit":
            calls[relpath] += 1
        return process(task)

    monkeypatch.setattr(codemods.runner, "_process", counting)
    return calls


def _refuse_to_run(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> typing.NoReturn:
        raise AssertionError("the cached run indexed or audited")

    monkeypatch.setattr(codemods.runner, "build_index", refuse)
    monkeypatch.setattr(codemods.runner, "_process", refuse)


def _cached(root: Path, settings: Settings | None = None) -> RunReport:
    return cached_audit([root], root, settings or Settings(), jobs=1)


def _uncached(root: Path, settings: Settings | None = None) -> RunReport:
    return codemods.runner.run([root], root, settings or Settings(), "audit")


def _entries(root: Path) -> Iterator[Path]:
    return (root / CACHE_DIR).glob("*/*.json")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_second_audit_is_served_whole_from_the_cache_and_prints_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    root = _project(tmp_path)
    fresh = _audit(root, "--format", fmt, "--no-cache")
    assert fresh[0] == 1
    assert "SQA001" in fresh[1]
    assert _audit(root, "--format", fmt) == fresh
    _refuse_to_run(monkeypatch)
    assert _audit(root, "--format", fmt) == fresh


def _folder_state(folder: Path) -> dict[Path, tuple[bytes, int]]:
    files = [path for path in folder.rglob("*") if path.is_file()]
    assert files
    return {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in files}


def test_no_cache_neither_reads_nor_writes_the_cache(tmp_path: Path) -> None:
    root = _project(tmp_path)
    fresh = _audit(root, "--format", "json", "--no-cache")
    assert not (root / CACHE_DIR).exists()
    _audit(root, "--format", "json")
    for entry in (root / CACHE_DIR / "runs").glob("*.json"):
        entry.write_text(entry.read_text().replace("legacy `db.query()`", "POISONED"))
    before = _folder_state(root / CACHE_DIR)
    assert _audit(root, "--format", "json", "--no-cache") == fresh
    assert _folder_state(root / CACHE_DIR) == before
    assert "POISONED" in _audit(root, "--format", "json")[1]  # the entry is the cache's


def test_an_edit_that_keeps_every_index_fact_re_audits_only_the_edited_file(
    tmp_path: Path, engine_calls: Counter[str]
) -> None:
    root = _project(tmp_path)
    _cached(root)
    assert set(engine_calls) == set(FILES)
    engine_calls.clear()
    _edit(root, "app/crud.py", '"hello"', '"hi"')
    report = _cached(root)
    assert engine_calls == {"app/crud.py": 1}
    assert report == _uncached(root)


def test_an_edit_to_a_model_re_audits_every_file(
    tmp_path: Path, engine_calls: Counter[str]
) -> None:
    root = _project(tmp_path)
    _cached(root)
    engine_calls.clear()
    _edit(root, "app/models.py", "email = Column(String)", "email = Column(String, unique=True)")
    report = _cached(root)
    assert set(engine_calls) == set(FILES)
    assert report == _uncached(root)


def test_each_replanned_round_is_looked_up_with_its_own_index(
    tmp_path: Path, engine_calls: Counter[str]
) -> None:
    root = _project(tmp_path, REPLANNED)
    first = _cached(root)
    assert "app.reports.streamed" in first.kept_sync
    assert engine_calls["app/api.py"] == 2  # one round per index
    engine_calls.clear()
    _edit(root, "app/reports.py", '"report"', '"summary"')
    report = _cached(root)
    assert engine_calls == {"app/reports.py": 2}
    assert report == _uncached(root)


def test_a_settings_change_misses(tmp_path: Path, engine_calls: Counter[str]) -> None:
    root = _project(tmp_path)
    _cached(root)
    engine_calls.clear()
    renamed = Settings(session_names=("conn",))
    assert _cached(root, renamed) == _uncached(root, renamed)
    assert set(engine_calls) == set(FILES)
    engine_calls.clear()
    _cached(root, renamed)
    assert not engine_calls


def _garbage(_: str) -> str:
    return "\0not json"


def _truncated(text: str) -> str:
    return text[: len(text) // 2]


def _other_format(text: str) -> str:
    return json.dumps({**json.loads(text), "format": 999})


def _misshapen(text: str) -> str:
    entry = json.loads(text)
    for value in ("report", "results"):
        if value in entry:
            entry[value] = {"findings": 3, "scanned": "many"}
    return json.dumps(entry)


def _wrong_types(text: str) -> str:
    return text.replace('"line":', '"line":[1],"ignored":')


@pytest.mark.parametrize("corrupt", [_garbage, _truncated, _other_format, _misshapen, _wrong_types])
def test_a_corrupt_cache_entry_is_a_miss(
    tmp_path: Path, engine_calls: Counter[str], corrupt: Callable[[str], str]
) -> None:
    root = _project(tmp_path)
    expected = _cached(root)
    engine_calls.clear()
    corrupted = set()
    for entry in _entries(root):
        text = entry.read_text()
        if corrupt(text) != text:
            entry.write_text(corrupt(text))
            corrupted.add(json.loads(text).get("relpath"))
    assert None in corrupted  # the whole run's entry
    assert _cached(root) == expected
    assert set(engine_calls) == corrupted - {None} != set()


def test_an_unreadable_cache_folder_is_no_cache(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / CACHE_DIR).write_text("a file where the folder goes")
    assert _cached(root) == _uncached(root)


def test_the_cache_folder_is_ignored_by_git(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _cached(root)
    assert "*" in (root / CACHE_DIR / ".gitignore").read_text().splitlines()
    if shutil.which("git") is None:
        return
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    status = ["git", "status", "--porcelain", "--untracked-files=all"]
    listed = subprocess.run(status, cwd=root, capture_output=True, text=True, check=True)
    assert "app/crud.py" in listed.stdout
    assert CACHE_DIR not in listed.stdout


FINGERPRINT = """\
import sys
from pathlib import Path
from codemods.cache import IndexFingerprints
from codemods.runner import prepare
from codemods.settings import Settings
root = Path(sys.argv[1])
index = prepare([root], root, Settings()).index
assert index.models and index.module_names and index.symbols.functions
assert index.async_plan.becomes_async and index.functions
print(IndexFingerprints()(index))
"""


def test_the_index_fingerprint_is_the_same_whatever_the_hash_seed(tmp_path: Path) -> None:
    root = _project(tmp_path, REPLANNED)
    prints = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", FINGERPRINT, str(root)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        prints.add(done.stdout)
    assert len(prints) == 1


def test_the_index_fingerprint_changes_with_an_index_fact() -> None:
    fingerprint = IndexFingerprints()
    index = ProjectIndex(module_names=frozenset({"app.a", "app.b"}))
    same = ProjectIndex(module_names=frozenset({"app.b", "app.a"}))
    other = dataclasses.replace(index, module_names=frozenset({"app.a"}))
    assert fingerprint(index) == fingerprint(same) != fingerprint(other)


def test_canonical_sorts_sets_and_mappings_and_keeps_sequences_in_order() -> None:
    assert canonical({"b": 1, "a": (2, 1)}) == canonical({"a": (2, 1), "b": 1})
    assert canonical({3, 1, 2}) == canonical(frozenset({2, 3, 1}))
    assert canonical((1, 2)) != canonical((2, 1))
    assert len({canonical(v) for v in (1, "1", True, 1.0, None, (1,), {1})}) == 7


def test_canonical_refuses_a_type_it_does_not_know() -> None:
    with pytest.raises(TypeError, match="cannot fingerprint a object"):
        canonical({"a": [object()]})


SUPPORTED = {str, int, bool, float, type(None), tuple, list, set, frozenset, dict}
SUPPORTED_GENERICS = {tuple, list, set, frozenset, dict, Mapping, types.UnionType, typing.Union}


def _leaf_types(hint: object, seen: set[type]) -> Iterator[object]:
    """Every type a value annotated with `hint` can be made of, through dataclass fields."""
    origin = typing.get_origin(hint)
    if origin is typing.Literal:
        yield from (type(arg) for arg in typing.get_args(hint))
    elif origin is not None:
        yield origin if origin not in SUPPORTED_GENERICS else tuple
        for argument in typing.get_args(hint):
            yield from _leaf_types(argument, seen)
    elif isinstance(hint, type) and dataclasses.is_dataclass(hint):
        if hint not in seen:
            seen.add(hint)
            for field_hint in typing.get_type_hints(hint).values():
                yield from _leaf_types(field_hint, seen)
    elif hint is not Ellipsis:  # tuple[X, ...]
        yield hint


def test_every_type_the_project_index_holds_has_a_canonical_form() -> None:
    seen: set[type] = set()
    unknown = {
        leaf
        for leaf in _leaf_types(ProjectIndex, seen)
        if leaf not in SUPPORTED
        and not (isinstance(leaf, type) and issubclass(leaf, enum.Enum | Path))
    }
    assert not unknown, f"teach cache.canonical these index types: {unknown}"
    assert len(seen) > 10  # the walk went through the nested facts


def test_every_run_report_field_is_stored_or_left_empty_by_an_audit() -> None:
    names = {field.name for field in dataclasses.fields(RunReport)}
    assert names == STORED_FIELDS | EMPTY_IN_AUDIT
    assert not STORED_FIELDS & EMPTY_IN_AUDIT


CACHED_RUN = """\
import sys
from codemods.cli import app
try:
    app(["audit", sys.argv[1]])
except SystemExit as done:
    print(done.code, "libcst" in sys.modules, "black" in sys.modules, file=sys.stderr)
"""


def test_a_cached_audit_loads_neither_libcst_nor_black(tmp_path: Path) -> None:
    root = _project(tmp_path)
    command = [sys.executable, "-c", CACHED_RUN, str(root)]
    first = subprocess.run(command, capture_output=True, text=True, check=True)
    assert first.stderr.splitlines()[-1] == "1 True True"
    second = subprocess.run(command, capture_output=True, text=True, check=True)
    assert second.stderr.splitlines()[-1] == "1 False False"
    assert second.stdout == first.stdout


def _migrated(root: Path, cache: bool = True) -> RunReport:
    audit_cache = AuditCache(root) if cache else None
    return codemods.runner.run([root], root, Settings(), "check", cache=audit_cache)


def test_a_migration_takes_its_audits_of_the_files_it_leaves_from_the_cache(
    tmp_path: Path, engine_calls: Counter[str]
) -> None:
    root = _project(tmp_path)
    first = _migrated(root)
    assert not (root / CACHE_DIR).exists()  # a check writes nothing
    audited = set(engine_calls)
    assert "app/models.py" in audited
    assert not audited & set(first.changed)  # a file the migration changes is never cached
    _cached(root)  # an audit with the same settings keeps what the check looks up
    engine_calls.clear()
    second = _migrated(root)
    assert not engine_calls
    assert (second.changed, second.findings) == (first.changed, first.findings)
    assert (second.changed, second.findings) == (
        (uncached := _migrated(root, cache=False)).changed,
        uncached.findings,
    )


def test_migrate_only_reads_the_cache(tmp_path: Path) -> None:
    root = _project(tmp_path)
    for options in (["--check"], [], ["--apply"], ["--apply"]):
        CliRunner().invoke(app, ["migrate", str(root), *options], catch_exceptions=False)
        assert not (root / CACHE_DIR).exists(), options


def test_migrate_no_cache_does_not_read_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path)
    _cached(root)

    def refuse(*args: object) -> typing.NoReturn:
        raise AssertionError("the cache was read")

    monkeypatch.setattr(AuditCache, "file_results", refuse)
    arguments = ["migrate", str(root), "--check"]
    assert CliRunner().invoke(app, [*arguments, "--no-cache"]).exit_code == 1
    assert isinstance(CliRunner().invoke(app, arguments).exception, AssertionError)
