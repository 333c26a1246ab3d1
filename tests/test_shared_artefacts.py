"""`SharedArtefacts` (tests/conftest.py): what the xdist workers of a session compute once."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import SharedArtefacts


def test_a_second_worker_reads_what_the_first_computed(tmp_path: Path) -> None:
    calls: list[Path] = []

    def compute(folder: Path) -> dict[str, int]:
        calls.append(folder)
        (folder / "left.txt").write_text("for the callers")
        return {"answer": 42}

    first, second = SharedArtefacts(tmp_path), SharedArtefacts(tmp_path)
    assert first.get("thing", compute) == {"answer": 42}
    assert second.get("thing", compute) == {"answer": 42}
    assert calls == [tmp_path / "thing"]
    assert (tmp_path / "thing" / "left.txt").read_text() == "for the callers"


def test_workers_asking_at_once_compute_once(tmp_path: Path) -> None:
    calls: list[int] = []

    def compute(folder: Path) -> int:
        calls.append(1)
        time.sleep(0.2)  # long enough for the others to be waiting on the lock
        return len(calls)

    with ThreadPoolExecutor(4) as pool:
        values = list(pool.map(lambda _: SharedArtefacts(tmp_path).get("slow", compute), range(4)))
    assert values == [1, 1, 1, 1]
    assert len(calls) == 1


def test_a_compute_that_raised_is_run_again_on_a_clean_folder(tmp_path: Path) -> None:
    def failing(folder: Path) -> int:
        (folder / "half.txt").write_text("half done")
        raise RuntimeError("migration failed")

    shared = SharedArtefacts(tmp_path)
    with pytest.raises(RuntimeError, match="migration failed"):
        shared.get("flaky", failing)
    assert shared.get("flaky", lambda folder: len(list(folder.iterdir()))) == 0
